import { pagedPattern } from "./paged.js";
import { describePattern } from "../testing/pattern-table.js";

describePattern(pagedPattern, [
  {
    name: "numbered ?page=N links on the list's own path",
    url: "http://a.gov.cn/zwgk/ndbg/",
    page: `<a href="?page=2">2</a> <a href="?page=3">3</a> <a href="/other/?page=2">2</a> <a href="?page=last">末</a>`,
    next: ["http://a.gov.cn/zwgk/ndbg/?page=2", "http://a.gov.cn/zwgk/ndbg/?page=3"],
  },
  {
    name: "the page itself is not another page",
    url: "http://a.gov.cn/zwgk/ndbg/?page=2",
    page: `<a href="?page=1">1</a> <a href="?page=2">2</a>`,
    next: ["http://a.gov.cn/zwgk/ndbg/?page=1"],
  },
]);
