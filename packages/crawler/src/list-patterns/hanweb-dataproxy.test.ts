import { hanwebDataproxyPattern } from "./hanweb-dataproxy.js";
import { describePattern } from "../testing/pattern-table.js";

const jpage = (config: string) => `<script>$(function(){ $('#1523').jpage({ ${config} }); });</script>`;
const proxy = "http://b.gov.cn/module/web/jpage/dataproxy.jsp";

describePattern(hanwebDataproxyPattern, [
  {
    name: "the records past the first page, by POST",
    url: "http://b.gov.cn/col/col1523/index.html",
    page: jpage(`proxyUrl: "/module/web/jpage/dataproxy.jsp", perPage: 5, totalRecord: 12, columnId: "1523"`),
    next: [
      { url: `${proxy}?startrecord=6&endrecord=10&perpage=5&columnid=1523`, method: "POST" },
      { url: `${proxy}?startrecord=11&endrecord=15&perpage=5&columnid=1523`, method: "POST" },
    ],
  },
  {
    name: "no column id",
    url: "http://b.gov.cn/col/col1523/index.html",
    page: jpage(`proxyUrl: "/module/web/jpage/dataproxy.jsp", perPage: 10, totalRecord: 11`),
    next: [{ url: `${proxy}?startrecord=11&endrecord=20&perpage=10`, method: "POST" }],
  },
  {
    name: "everything on the first page",
    url: "http://b.gov.cn/col/col1523/index.html",
    page: jpage(`proxyUrl: "/module/web/jpage/dataproxy.jsp", perPage: 15, totalRecord: 12`),
    next: [],
  },
  {
    name: "no total",
    url: "http://b.gov.cn/col/col1523/index.html",
    page: jpage(`proxyUrl: "/p.jsp", perPage: 5`),
    next: [],
  },
]);
