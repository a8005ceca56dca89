import { describePattern } from "../testing/pattern-table.js";
import { nextLinkPattern } from "./next-link.js";

const url = "http://a.gov.cn/list/";

describePattern(nextLinkPattern, [
  {
    name: "下一页 and 尾页",
    url,
    page: `<a href="?page=2">下一页</a> <a href="?page=9">尾页</a> <a href="?page=1">上一页</a>`,
    next: ["http://a.gov.cn/list/?page=2", "http://a.gov.cn/list/?page=9"],
  },
  {
    name: "下页, », › and next, by link text only",
    url,
    page: `<a href="p2.html">下页</a><a href="p3.html">»</a><a href="p4.html"> › </a><a href="p5.html">Next</a><a href="x.html">下一篇</a>`,
    next: [
      "http://a.gov.cn/list/p2.html",
      "http://a.gov.cn/list/p3.html",
      "http://a.gov.cn/list/p4.html",
      "http://a.gov.cn/list/p5.html",
    ],
  },
  { name: "a link to nowhere", url, page: `<a href="javascript:void(0)">下一页</a>`, next: [] },
]);
