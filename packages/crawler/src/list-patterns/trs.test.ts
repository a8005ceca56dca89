import { expect, it } from "vitest";
import { toListPage } from "./index.js";
import { describePattern } from "../testing/pattern-table.js";
import { trsPattern } from "./trs.js";

const pager = (count: number, current: number, prefix = "index") =>
  `<div class="page"><script language="JavaScript">createPageHTML(${count}, ${current}, "${prefix}", "html");</script></div>`;

describePattern(trsPattern, [
  {
    name: "the first page lists the others",
    url: "http://a.gov.cn/ndbg/index.html",
    page: pager(3, 0),
    next: ["http://a.gov.cn/ndbg/index_1.html", "http://a.gov.cn/ndbg/index_2.html"],
  },
  {
    name: "a column reached as a directory: its own index.html is not another page",
    url: "http://a.gov.cn/ndbg/",
    page: pager(1, 0),
    next: [],
  },
  {
    name: "a later page lists the first and the rest",
    url: "http://a.gov.cn/ndbg/index_1.html",
    page: pager(3, 1),
    next: ["http://a.gov.cn/ndbg/index.html", "http://a.gov.cn/ndbg/index_2.html"],
  },
  {
    name: "another file prefix",
    url: "http://a.gov.cn/ndbg/list.html",
    page: pager(2, 0, "list"),
    next: ["http://a.gov.cn/ndbg/list_1.html"],
  },
  { name: "no pager", url: "http://a.gov.cn/ndbg/", page: "<ul><li>…</li></ul>", next: [] },
]);

it("caps a bogus page count at 500 pages", () => {
  const page = toListPage(pager(100000, 0), "http://a.gov.cn/ndbg/", "text/html");
  expect(trsPattern.findNext(page)).toHaveLength(499);
});
