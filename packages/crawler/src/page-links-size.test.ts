import { expect, it } from "vitest";
import { findAttachments } from "./page-attachments.js";
import { findLinks } from "./page-links.js";

const base = "http://a.gov.cn/list/";

it("a list in one div gives each link the date printed after it, reading the div's text once", () => {
  // Before: every link read the whole div's text (8,000 links blocked the crawl for 79 s, deaf to
  // signals) and every link got the div's first date.
  const n = 8000;
  const day = (i: number) =>
    `2024-${String((i % 12) + 1).padStart(2, "0")}-${String((i % 28) + 1).padStart(2, "0")}`;
  const html = `<div>${Array.from({ length: n }, (_, i) => `<a href="/art/${i}.html">报告${i}</a><span>${day(i)}</span><br>`).join("")}</div>`;
  const links = findLinks(html, base);
  expect(links).toHaveLength(n);
  expect(links[0]).toEqual({ url: "http://a.gov.cn/art/0.html", title: "报告0", date: "2024-01-01" });
  expect(links[n - 1]!.date).toBe(day(n - 1));
  expect(links.every((l, i) => l.date === day(i))).toBe(true);
});

it("a short container keeps giving its links the date it prints", () => {
  const html = `<ul><li><span>2023-03-31</span><a href="/a.html">甲</a></li><li><a href="/b.html">乙</a> 2023-01-20</li></ul>`;
  expect(findLinks(html, base).map((l) => l.date)).toEqual(["2023-03-31", "2023-01-20"]);
});

it("attachments are de-duplicated by URL in one pass", () => {
  const links = Array.from({ length: 16_000 }, (_, i) => `<a href="/files/${i % 8000}.pdf">附件${i}</a>`);
  const found = findAttachments(`<div>${links.join("")}</div>`, base);
  expect(found).toHaveLength(8000);
  expect(found[7999]).toEqual({ url: "http://a.gov.cn/files/7999.pdf", title: "附件7999", date: null });
});
