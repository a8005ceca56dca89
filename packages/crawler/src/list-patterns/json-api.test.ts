import { jsonApiPattern } from "./json-api.js";
import { describePattern } from "../testing/pattern-table.js";

const api = "http://c.gov.cn/api/list";
/** `n` records in the field names most APIs use. */
const records = (n: number, from = 1) =>
  Array.from({ length: n }, (_, i) => ({ title: `报告${from + i}`, url: `/a/${from + i}.html` }));

describePattern(jsonApiPattern, [
  // A column page whose script loads the list: the API is requested as the script writes it.
  {
    name: "an API path in a script",
    url: "http://c.gov.cn/zwgk/",
    page: `<script>var api = "/gkmlpt/api/all/2542"; fetch(api + "?page=1");</script>`,
    next: ["http://c.gov.cn/gkmlpt/api/all/2542"],
  },
  {
    name: "an API at the root, and a .json feed with its own query",
    url: "http://c.gov.cn/zwgk/",
    page: `<script>var a = "/api/ndbg/list"; var b = "/search/ndbg.json?channelid=1&amp;start=0&rows=5";</script>`,
    next: ["http://c.gov.cn/api/ndbg/list", "http://c.gov.cn/search/ndbg.json?channelid=1&start=0&rows=5"],
  },
  {
    name: "API-like paths outside scripts are links, not lists",
    url: "http://c.gov.cn/zwgk/",
    page: `<a href="/open/api/doc.html">接口说明</a><link rel="manifest" href="/manifest.json">`,
    next: [],
  },
  // Paged by a page number.
  {
    name: "`page` in the URL, echoed by the answer, with a total",
    url: `${api}?page=1`,
    page: { json: { total: 12, page: 1, articles: records(5) } },
    next: [`${api}?page=2`],
  },
  {
    name: "the held-out site: nothing in the URL, the answer pages by `pageNo`",
    url: api,
    page: { json: { code: 0, data: { pageNo: 1, pageSize: 5, totalPage: 3, list: records(5) } } },
    next: [`${api}?pageNo=2`],
  },
  {
    name: "`pageIndex` from 0, in the URL and the answer, with a page count",
    url: `${api}?pageIndex=0&pageSize=5`,
    page: { json: { pageIndex: 0, pageCount: 3, rows: records(5) } },
    next: [`${api}?pageIndex=1&pageSize=5`],
  },
  {
    name: "`curPage` on the last page",
    url: `${api}?curPage=2`,
    page: { json: { curPage: 2, totalPage: 2, data: { items: records(3) } } },
    next: [],
  },
  {
    name: "`currentPage` with hasNext",
    url: api,
    page: { json: { pager: { currentPage: 4, hasNext: true }, list: records(5) } },
    next: [`${api}?currentPage=5`],
  },
  {
    name: "`currentPage` with hasNext false",
    url: api,
    page: { json: { pager: { currentPage: 5, hasNext: false }, list: records(5) } },
    next: [],
  },
  {
    name: "MyBatis-Plus pages: `current`, `pages`, `records`",
    url: api,
    page: { json: { data: { current: 1, size: 5, pages: 2, total: 9, records: records(5) } } },
    next: [`${api}?current=2`],
  },
  {
    name: "`p` in the URL and nothing else: on until a page comes back short or empty",
    url: `${api}?p=1`,
    page: { json: { list: records(5) } },
    next: [`${api}?p=2`],
  },
  {
    name: "a page shorter than the page size asked for is the last",
    url: `${api}?page=2&pageSize=10`,
    page: { json: { list: records(3) } },
    next: [],
  },
  {
    name: "an empty page is the last",
    url: `${api}?page=4`,
    page: { json: { total: 30, list: [] } },
    next: [],
  },
  // Paged by an offset.
  {
    name: "Solr-style `start` + `rows`, echoed as `response.start`, `numFound`",
    url: `${api}?start=0&rows=5`,
    page: { json: { response: { numFound: 12, start: 0, docs: records(5) } } },
    next: [`${api}?start=5&rows=5`],
  },
  {
    name: "`start` + `rows` at the end",
    url: `${api}?start=10&rows=5`,
    page: { json: { response: { numFound: 12, start: 10, docs: records(2, 11) } } },
    next: [],
  },
  {
    name: "`offset` + `limit` with `total` and `rows` records (bootstrap-table)",
    url: `${api}?offset=0&limit=5`,
    page: { json: { total: 7, rows: records(5) } },
    next: [`${api}?offset=5&limit=5`],
  },
  // Entries.
  {
    name: "entries in TRS capitals, dates as date-times",
    url: `${api}?start=0&rows=5`,
    page: {
      json: {
        response: {
          numFound: 1,
          start: 0,
          docs: [{ DOCTITLE: "甲", DOCPUBURL: "/a.html", DOCRELTIME: "2025-01-20 09:30:00" }],
        },
      },
    },
    next: [],
    entries: [["http://c.gov.cn/a.html", "甲", "2025-01-20"]],
  },
  {
    name: "entries with highlighted titles and epoch dates (ms and s, read in Beijing time)",
    url: api,
    page: {
      json: {
        total: 3,
        list: [
          { title: "<em>乙</em>", linkUrl: "/b.html", publishTime: 1737302400000 },
          { name: "丙", href: "/c.html", createTime: 1737302400 },
          { title: "丁", link: "/d.html", pubDate: "三天前", releaseTime: "2025/1/2" },
        ],
      },
    },
    next: [],
    entries: [
      ["http://c.gov.cn/b.html", "乙", "2025-01-20"],
      ["http://c.gov.cn/c.html", "丙", "2025-01-20"],
      ["http://c.gov.cn/d.html", "丁", "2025-01-02"],
    ],
  },
  {
    name: "entries dated by `firstPublishedTime` and `publishedTime` (the page meta tags' names)",
    url: api,
    page: {
      json: {
        total: 2,
        list: [
          { title: "庚", url: "/h.html", firstPublishedTime: "2025-01-24 10:00:00" },
          { title: "辛", url: "/i.html", publishedTime: 1737684000000 },
        ],
      },
    },
    next: [],
    entries: [
      ["http://c.gov.cn/h.html", "庚", "2025-01-24"],
      ["http://c.gov.cn/i.html", "辛", "2025-01-24"],
    ],
  },
  {
    name: "records without a title or a URL are not entries",
    url: api,
    page: { json: { list: [{ title: "戊" }, { url: "/f.html" }, { title: "己", url: "/g.html" }] } },
    next: [`${api}?page=2`],
    entries: [["http://c.gov.cn/g.html", "己", null]],
  },
  { name: "an answer that is not JSON lists nothing", url: api, page: { json: null }, next: [], entries: [] },
]);
