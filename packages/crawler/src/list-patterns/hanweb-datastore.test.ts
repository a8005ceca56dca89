import { hanwebDatastorePattern } from "./hanweb-datastore.js";
import { describePattern } from "../testing/pattern-table.js";

const record = (href: string, title: string, date: string) =>
  `<record><![CDATA[<li><a href="${href}" title="${title}">${title.slice(0, 6)}…</a><span>${date}</span></li>]]></record>`;
const datastore = (next: string, records: string) =>
  `<script type="text/xml"><datastore><nextgroup><![CDATA[${next}]]></nextgroup><recordset>${records}</recordset><totalrecord>12</totalrecord></datastore></script>`;
const url = "http://b.gov.cn/col/col1523/index.html";
const first = record("/art/2025/1/20/art_1523_2.html", "某局2024年政府信息公开工作年度报告", "2025-01-20");

describePattern(hanwebDatastorePattern, [
  {
    name: "the records are entries (PC and mobile copies once); a `#` next group is no page",
    url,
    page: datastore(`<a href="#">下一页</a>`, first) + datastore(`<a href="#">下一页</a>`, first),
    next: [],
    entries: [
      ["http://b.gov.cn/art/2025/1/20/art_1523_2.html", "某局2024年政府信息公开工作年度报告", "2025-01-20"],
    ],
  },
  {
    name: "a next group rendered as a link is followed",
    url,
    page: datastore(`<a href="/col/col1523/index.html?uid=4321&amp;pageNum=2">下一页</a>`, first),
    next: ["http://b.gov.cn/col/col1523/index.html?uid=4321&pageNum=2"],
  },
  { name: "no datastore", url, page: `<ul><li><a href="/a.html">甲</a></li></ul>`, next: [] },
]);
