import { seededRandom } from "@touming/testing";
import { describe, expect, it } from "vitest";
import { antiBotReason, redirectShellTarget } from "./anti-bot.js";
import { truncatedBodyReason } from "./body-completeness.js";
import { dateInText, listDate } from "./list-dates.js";
import { LIST_PATTERNS, type ListPattern, readListPage, toListPage } from "./list-patterns/index.js";
import { findAttachments } from "./page-attachments.js";
import type { LinkCandidate } from "./page-links.js";
import { isAnnualReportTitle, namesOtherAgency, yearFromTitle } from "./report-title.js";
import { visibleTextLength } from "./visible-text.js";

// Hostile and broken pages, a few hundred of them, built from one seed: real-looking report columns
// (titles, dates, pagers of every CMS the patterns know, attachments) mixed with the shapes that
// once hung or broke parsers (floods of `<`, deep nesting, unclosed openers, long attributes, cut-off
// pages). Every parser reads every page; none may throw, and what each returns must be well formed.
// Sizes stay small: how the parsers grow with size is bench/parser-growth.mjs's business.

const PAGES = 300;
const SEED = 20_250_601;
const HOST = "www.example.gov.cn";
const PAGE_URL = `http://${HOST}/zwgk/ndbg/index.html`;
/** trs: further pages of one `createPageHTML` call; hanweb-dataproxy: records paged through. */
const TRS_MAX_PAGES = 500;
const DATAPROXY_MAX_RECORDS = 20_000;

type Random = () => number;
const int = (r: Random, below: number) => Math.floor(r() * below);
const pick = <T>(r: Random, items: readonly T[]): T => items[int(r, items.length)]!;
const pad2 = (n: number) => String(n).padStart(2, "0");

const TITLES = [
  (y: number) => `${y}年政府信息公开工作年度报告`,
  (y: number) => `示例市人民政府${y}年度政府信息公开工作年度报告`,
  (y: number) => `${y}年政务公开工作要点`,
  (y: number) => `关于${y}年政府信息公开工作年度报告的解读`,
  (y: number) => `${["二〇二三", "二〇二四", "二○二二"][y % 3]}年政府信息公开年报`,
  (y: number) => `某某局${y}年政府信息公开工作年度报告（修订版）…`,
  () => "下一页",
  () => "尾页",
  () => "»",
];

/** A date as list pages print them, sometimes one no calendar has (2024-13-45, 2023-02-29). */
function printedDate(r: Random): string {
  const y = 2008 + int(r, 18);
  const [m, d] = r() < 0.15 ? [1 + int(r, 14), int(r, 40)] : [1 + int(r, 12), 1 + int(r, 28)];
  return pick(r, [
    `${y}-${pad2(m)}-${pad2(d)}`,
    `${y}/${m}/${d}`,
    `${y}.${pad2(m)}.${pad2(d)}`,
    `${y}年${m}月${d}日`,
    `[${y}-${pad2(m)}-${pad2(d)}]`,
    "",
  ]);
}

/** An href as sites write them: relative, absolute, scheme-relative, script, mail, broken. */
function href(r: Random, i: number): string {
  return pick(r, [
    `/art/${i}.html`,
    `../ndbg/${i}.shtml`,
    `content_${i}.html?id=${i}&amp;t=1`,
    `http://${HOST}/col/${i}/index.html#top`,
    `https://other.example.gov.cn/a/${i}.htm`,
    `//${HOST}/b/${i}.html`,
    "javascript:void(0)",
    "mailto:xxgk@example.gov.cn",
    "#",
    "http://[::1",
    "http://a b.gov.cn/x",
    `  /art/${i % 5}.html  `,
    `/files/${i % 7}.pdf`,
    `/download?showname=${i}.docx`,
    `/viewer.html?file=/files/${i}.pdf`,
    "file:///etc/passwd",
    "data:text/html,<script>alert(1)</script>",
  ]);
}

function listEntry(r: Random, i: number): string {
  const title = pick(r, TITLES)(2010 + int(r, 16));
  const link =
    r() < 0.1
      ? `<a href="javascript:;" onclick="window.open('/art/${i}.html')">${title}</a>`
      : `<a href="${href(r, i)}"${r() < 0.5 ? ` title="${title}"` : ""}>${title.slice(0, 8 + int(r, 12))}</a>`;
  return pick(r, [
    `<li>${link}<span>${printedDate(r)}</span></li>`,
    `<tr><td>${link}</td><td>${printedDate(r)}</td></tr>`,
    `${link}<span>${printedDate(r)}</span><br>`,
    `<li><span class="date">${printedDate(r)}</span>${link}`,
  ]);
}

/** A report column's list, with one of the pagers the patterns read. */
function listMarkup(r: Random): string {
  const entries = Array.from({ length: int(r, 40) }, (_, i) => listEntry(r, i)).join("\n");
  const pager = pick(r, [
    `<script>createPageHTML(${pick(r, [3, 12, 499, 500, 501, 99_999_999])}, ${int(r, 4)}, "index", "shtml");</script>`,
    `<div class="page"><a href="?page=2">2</a><a href="?page=3">3</a><a href="index_1.html">下一页</a></div>`,
    `<span class="p_pages"><a href="index/3.htm">3</a><span class="p_next"><a href="index/2.htm">下页</a></span></span>`,
    `<script>var jpage = { proxyUrl: "/module/web/jpage/dataproxy.jsp", perPage: ${pick(r, [0, 1, 15, 7])}, totalRecord: ${pick(r, [40, 20_000, 9_999_999])}, columnId: "${int(r, 9999)}" };</script>`,
    `<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=2&amp;col=1">下一组</a>]]></nextgroup>`,
    `<script>$.get("/api/ndbg/list?pageNo=1&pageSize=${1 + int(r, 50)}", render);</script>`,
    "",
  ]);
  const cdata =
    r() < 0.3
      ? `<script type="text/xml"><datastore><recordset>${Array.from(
          { length: 1 + int(r, 6) },
          (_, i) => `<record><![CDATA[<li>${listEntry(r, 1000 + i)}</li>]]></record>`,
        ).join("")}</recordset></datastore></script>`
      : "";
  const template =
    r() < 0.2 ? `<script type="text/template"><a href="/tpl/${int(r, 9)}.html">模板</a></script>` : "";
  return `<ul class="list">${entries}</ul>${cdata}${template}${pager}`;
}

function attachments(r: Random): string {
  return Array.from({ length: int(r, 8) }, (_, i) =>
    pick(r, [
      `<a href="/files/${i % 3}.pdf">附件${i}.pdf</a>`,
      `<a href="/files/${i % 3}.pdf#page=2">附件${i}</a>`,
      `<a href="/download.jsp?filename=${i}.doc">下载</a>`,
      `<a href="javascript:;" onclick="window.open('/files/w${i}.wps')">WPS</a>`,
      `<iframe src="/viewer.html?file=/files/${i % 3}.pdf"></iframe>`,
      `<embed src="/files/e${i}.pdf">`,
      `<object data="http://[bad/x.pdf"></object>`,
    ]),
  ).join("");
}

/** Script redirect shells: to a page of the same host (twice), and to another host. */
const SHELLS = [
  `<html><head><meta http-equiv="refresh" content="0;url=/moved.html"></head></html>`,
  `<script>window.location.href = "/ndbg/index.html";</script>`,
  `<script>location.replace('http://evil.example.com/')</script>`,
];

/** The hostile shapes, each at a size that stays quick for every parser. */
const SHAPES: ((r: Random) => string)[] = [
  (r) => "<".repeat(1 + int(r, 20_000)),
  (r) => "<div>".repeat(1 + int(r, 3_000)),
  (r) => {
    const n = 1 + int(r, 200);
    return `${"<div>".repeat(n)}<a href="/deep.html">2023年政府信息公开工作年度报告</a> 2024-01-20${"</div>".repeat(n)}`;
  },
  (r) =>
    Array.from({ length: 1 + int(r, 200) }, (_, i) => `<div><a href="/n/${i}.html">报告${i}</a>`).join(""),
  (r) => `<a href="/${"a".repeat(int(r, 50_000))}.pdf" title="${"政".repeat(int(r, 50_000))}">x</a>`,
  (r) => "政务公开2023年度 2024-13-45 ".repeat(1 + int(r, 3_000)),
  (r) => Array.from({ length: 1 + int(r, 100) }, (_, i) => `<font color="#${i}">x`).join(""),
  (r) => "<script".repeat(1 + int(r, 2_000)),
  (r) => `<script>${"var a = '<a href=\"/s.html\">';".repeat(1 + int(r, 500))}`,
  (r) => "<!--".repeat(1 + int(r, 5_000)),
  (r) => "<![CDATA[".repeat(1 + int(r, 1_000)),
  (r) => String.fromCharCode(...Array.from({ length: int(r, 2_000) }, () => int(r, 0x10000))),
  ...SHELLS.map((shell) => () => shell),
  () => `<html><script>var $_ts = {}; document.cookie = "a=b"; location.reload();</script></html>`,
];

/** JSON as list APIs answer, well formed or not. */
function jsonPage(r: Random): string {
  const records = Array.from({ length: int(r, 30) }, (_, i) => ({
    title: `<em>${pick(r, TITLES)(2015 + int(r, 10))}</em>`,
    url: href(r, i),
    pubDate: pick(r, [printedDate(r), 1737302400000 + i, "20241399", "20240120", null]),
  }));
  const text = JSON.stringify(
    pick(r, [
      { data: { list: records, pageNo: 1, totalPage: int(r, 1_000_000) } },
      { rows: records, total: int(r, 500), hasNext: r() < 0.5 },
      records,
      { a: { b: { c: { d: { e: records } } } } },
    ]),
  );
  return r() < 0.2 ? text.slice(0, int(r, text.length)) : text;
}

/** One page: a JSON answer, a hostile shape alone, or list markup, attachments and hostile shapes in a random order, sometimes cut short. */
function hostilePage(r: Random): string {
  if (r() < 0.12) return jsonPage(r);
  if (r() < 0.1) return pick(r, SHAPES)(r);
  const parts = [listMarkup(r), attachments(r)];
  for (let k = int(r, 4); k > 0; k--) parts.push(pick(r, SHAPES)(r));
  for (let i = parts.length - 1; i > 0; i--) {
    const j = int(r, i + 1);
    [parts[i], parts[j]] = [parts[j]!, parts[i]!];
  }
  const page = `<html><head><meta charset="utf-8"><title>年报</title></head><body>${parts.join("\n")}</body></html>`;
  return r() < 0.2 ? page.slice(0, int(r, page.length)) : page;
}

const PAGES_BUILT = (() => {
  const r = seededRandom(SEED);
  return Array.from({ length: PAGES }, () => hostilePage(r));
})();

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Whether a date is YYYY-MM-DD and a day the calendar has. */
const isCalendarDay = (date: string) => {
  const m = DAY.exec(date);
  if (!m) return false;
  const d = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === date;
};

const isWebUrl = (url: string) => {
  const u = new URL(url);
  return (u.protocol === "http:" || u.protocol === "https:") && u.hash === "" && u.toString() === url;
};

/** What is wrong with links as a parser returned them: not absolute http(s), not a real day, a URL twice. */
function malformed(links: readonly LinkCandidate[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const link of links) {
    if (!isWebUrl(link.url)) problems.push(`not an absolute http(s) URL: ${link.url}`);
    if (typeof link.title !== "string") problems.push(`title not text: ${link.url}`);
    if (link.date !== null && !isCalendarDay(link.date)) problems.push(`not a day: ${link.date}`);
    if (seen.has(link.url)) problems.push(`twice: ${link.url}`);
    seen.add(link.url);
  }
  return problems;
}

/** How many links a page's source could hold at most: one per href, src, data, onclick or (JSON) url written. */
const linkSites = (text: string) => text.match(/href|src|data|onclick|url/gi)?.length ?? 0;

/** The list patterns, each counting how often readListPage runs it. */
function countedPatterns(): { patterns: ListPattern[]; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const count = (name: string) => calls.set(name, (calls.get(name) ?? 0) + 1);
  const patterns = LIST_PATTERNS.map((p) => ({
    name: p.name,
    findNext: (page: Parameters<ListPattern["findNext"]>[0]) => (
      count(`${p.name}.findNext`),
      p.findNext(page)
    ),
    ...(p.findEntries
      ? {
          findEntries: (page: Parameters<ListPattern["findNext"]>[0]) => (
            count(`${p.name}.findEntries`),
            p.findEntries!(page)
          ),
        }
      : {}),
  }));
  return { patterns, calls };
}

const patternNamed = (name: string) => LIST_PATTERNS.find((p) => p.name === name)!;

describe(`${PAGES} seeded hostile pages through every page parser`, () => {
  it("the pages are the mix intended: list markup, JSON, and each hostile shape", () => {
    expect(PAGES_BUILT).toHaveLength(PAGES);
    const share = (test: (p: string) => boolean) => PAGES_BUILT.filter(test).length;
    expect(share((p) => p.includes("年政府信息公开工作年度报告"))).toBeGreaterThan(PAGES / 3);
    expect(share((p) => /^\s*[[{]/.test(p))).toBeGreaterThan(10);
    for (const marker of [
      "<<<<<<<<",
      "<div><div><div>",
      "<!--<!--",
      "<![CDATA[<![CDATA[",
      "<script<script",
      "createPageHTML",
      "proxyUrl",
    ])
      expect(
        share((p) => p.includes(marker)),
        marker,
      ).toBeGreaterThan(0);
  });

  it("visibleTextLength counts within its limit", () => {
    for (const page of PAGES_BUILT) {
      for (const limit of [0, 20, 40, 1 << 30]) {
        const n = visibleTextLength(page, limit);
        expect(Number.isInteger(n) && n >= 0 && n <= Math.min(limit + 1, page.length)).toBe(true);
      }
    }
  });

  it("antiBotReason and redirectShellTarget answer a reason or null, and a shell only on the same host", () => {
    for (const page of PAGES_BUILT) {
      for (const status of [200, 202, 412, 521]) {
        const reason = antiBotReason(status, page);
        expect(reason === null || /\(HTTP \d{3}\)$/.test(reason)).toBe(true);
      }
      const target = redirectShellTarget(page, PAGE_URL);
      if (target !== null) {
        expect(isWebUrl(target)).toBe(true);
        expect(new URL(target).host).toBe(HOST);
        expect(target).not.toBe(PAGE_URL);
      }
    }
    // The shells among the shapes, alone: found on the same host, refused elsewhere.
    expect(SHELLS.map((shell) => redirectShellTarget(shell, PAGE_URL))).toEqual([
      `http://${HOST}/moved.html`,
      `http://${HOST}/ndbg/index.html`,
      null,
    ]);
  });

  it("toListPage and readListPage give absolute http(s) links, real days, no URL twice, bounded", () => {
    let entriesSeen = 0;
    let nextSeen = 0;
    for (const [i, text] of PAGES_BUILT.entries()) {
      const label = `page ${i}`;
      const page = toListPage(text, PAGE_URL, null);
      expect(malformed(page.links), label).toEqual([]);
      expect(page.links.length, label).toBeLessThanOrEqual(linkSites(text));

      const { patterns, calls } = countedPatterns();
      const reading = readListPage(page, patterns);
      expect(reading.failures, label).toEqual([]);
      expect(malformed(reading.entries), label).toEqual([]);
      expect(reading.entries.length, label).toBeLessThanOrEqual(linkSites(text));
      const badNext = reading.next.filter(
        (n) => !isWebUrl(n.url) || (n.method !== "GET" && n.method !== "POST"),
      );
      expect(badNext, label).toEqual([]);
      const urls = reading.next.map((n) => n.url);
      expect(new Set(urls).size, label).toBe(urls.length);
      expect(urls, label).not.toContain(PAGE_URL);
      // Each pattern reads the page once: entries (when it has any of its own), then pagers.
      for (const p of LIST_PATTERNS) {
        expect(calls.get(`${p.name}.findNext`), `${label} ${p.name}`).toBe(1);
        expect(calls.get(`${p.name}.findEntries`), `${label} ${p.name}`).toBe(p.findEntries ? 1 : undefined);
      }
      // The caps on a bogus pager: 500 pages for TRS, 20,000 records for Hanweb's data proxy.
      expect(patternNamed("trs").findNext(page).length).toBeLessThan(TRS_MAX_PAGES);
      expect(patternNamed("hanweb-dataproxy").findNext(page).length).toBeLessThanOrEqual(
        DATAPROXY_MAX_RECORDS,
      );
      entriesSeen += reading.entries.length;
      nextSeen += reading.next.length;
    }
    expect(entriesSeen).toBeGreaterThan(PAGES);
    expect(nextSeen).toBeGreaterThan(PAGES);
  });

  it("a bogus page count or record total is capped at the pattern's limit", () => {
    const trs = toListPage(`<script>createPageHTML(99999999, 0, "index", "html");</script>`, PAGE_URL, null);
    expect(patternNamed("trs").findNext(trs)).toHaveLength(TRS_MAX_PAGES - 1);
    const proxy = toListPage(
      `<script>var p = { proxyUrl: "/dataproxy.jsp", perPage: 1, totalRecord: 9999999 };</script>`,
      PAGE_URL,
      null,
    );
    expect(patternNamed("hanweb-dataproxy").findNext(proxy)).toHaveLength(DATAPROXY_MAX_RECORDS - 1);
  });

  it("findAttachments gives absolute http(s) URLs once each, no date, at most one per place a page names one", () => {
    for (const [i, text] of PAGES_BUILT.entries()) {
      const found = findAttachments(text, PAGE_URL);
      expect(malformed(found), `page ${i}`).toEqual([]);
      expect(found.every((a) => a.date === null)).toBe(true);
      expect(found.length).toBeLessThanOrEqual(linkSites(text));
    }
  });

  it("truncatedBodyReason answers a reason naming the body's size, or null", () => {
    for (const text of PAGES_BUILT) {
      const body = Buffer.from(text);
      for (const contentType of ["text/html", "application/json", null]) {
        const reason = truncatedBodyReason(body, contentType);
        expect(reason === null || reason.endsWith(`after ${body.length} bytes`)).toBe(true);
      }
    }
  });

  it("dates are real days or null; titles give a year in range or null", () => {
    const r = seededRandom(SEED + 1);
    const texts = [...PAGES_BUILT, ...Array.from({ length: 500 }, () => printedDate(r))];
    for (const text of texts) {
      for (const date of [dateInText(text), listDate(text)])
        if (date !== null) expect(isCalendarDay(date), `${date} from ${text.slice(0, 40)}`).toBe(true);
      const year = yearFromTitle(text);
      expect(year === null || (year >= 1900 && year <= 2100)).toBe(true);
      expect(typeof isAnnualReportTitle(text)).toBe("boolean");
      expect(typeof namesOtherAgency(text, "示例市人民政府")).toBe("boolean");
    }
    // A date no calendar has is not a date; the next real one in the text is.
    expect(dateInText("2024-13-45")).toBeNull();
    expect(dateInText("2023-02-29 发布 2023-03-01")).toBe("2023-03-01");
    expect(dateInText("2024年2月29日")).toBe("2024-02-29");
    expect(listDate("20241399")).toBeNull();
  });
});
