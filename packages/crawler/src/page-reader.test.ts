import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { PageReadError, PageReader } from "./page-reader.js";
import type { PageJob } from "./page-reading.js";
import { StoredCopyError } from "./stored-copy.js";

const readers: PageReader[] = [];
afterEach(async () => {
  await Promise.all(readers.splice(0).map((r) => r.close()));
});
const reader = (options: ConstructorParameters<typeof PageReader>[0]) => {
  const r = new PageReader(options);
  readers.push(r);
  return r;
};
const list = (html: string): PageJob => ({
  want: "list",
  body: Buffer.from(html),
  contentType: "text/html; charset=utf-8",
  url: "http://a.gov.cn/list/",
});

it("reads a page on its thread: links, a list's pager, a redirect shell", async () => {
  const pages = reader({});
  const reading = await pages.read(
    list(
      `<ul><li><a href="/art/1.html">2023年政府信息公开工作年度报告</a> 2024-01-15</li></ul><a href="/list/2">下一页</a>`,
    ),
  );
  expect(reading).toEqual({
    shell: null,
    linksCapped: false,
    list: {
      entries: [
        { url: "http://a.gov.cn/art/1.html", title: "2023年政府信息公开工作年度报告", date: "2024-01-15" },
        // Outside any list item, a link's context is the page's text (short here): its date too.
        { url: "http://a.gov.cn/list/2", title: "下一页", date: "2024-01-15" },
      ],
      next: [{ url: "http://a.gov.cn/list/2", method: "GET" }],
      failures: [],
    },
  });
  const shell = await pages.read(list(`<script>location.href="/list/9"</script>`));
  expect(shell).toEqual({ shell: "http://a.gov.cn/list/9" });
});

it("stops a page that takes longer than its budget with a PageReadError", async () => {
  const pages = reader({ timeoutMs: 5 });
  const huge = list(
    `<div>${Array.from({ length: 20_000 }, (_, i) => `<a href="/a/${i}">报告${i}</a>`).join("")}</div>`,
  );
  const slow = pages.read(huge);
  await expect(slow).rejects.toThrow(PageReadError);
  await expect(slow).rejects.toThrow("the page took longer than 5 ms to read; not read");
  const relaxed = reader({ timeoutMs: 10_000 });
  const after = await relaxed.read(list(`<a href="/a/1">报告</a>`));
  expect(after.shell === null && after.list?.entries.length).toBe(1);
});

it("answers pages in the order they were sent, one at a time", async () => {
  const pages = reader({});
  const results = await Promise.all(
    [1, 2, 3].map((n) => pages.read(list(`<a href="/art/${n}.html">第${n}篇</a>`))),
  );
  expect(results.map((r) => (r.shell === null ? r.list!.entries[0]!.url : r.shell))).toEqual([
    "http://a.gov.cn/art/1.html",
    "http://a.gov.cn/art/2.html",
    "http://a.gov.cn/art/3.html",
  ]);
});

it("charges each page only its own reading time, though several are sent to the thread at once", async () => {
  // A list of 200,000 links (the links beyond MAX_LINKS_READ are parsed, not read) takes a while.
  const slow = list(
    `<div>${Array.from({ length: 200_000 }, (_, i) => `<a href="/a/${i}">报告${i}</a>`).join("")}</div>`,
  );
  const started = performance.now();
  await reader({}).read(slow);
  const once = performance.now() - started;
  // Four such pages sent at once under a budget of 1.6 times one: budgets counted from when a page
  // was sent would fail the second and later pages, whose reading ends after 2, 3, 4 times that.
  const pages = reader({ timeoutMs: Math.ceil(once * 1.6), window: 4 });
  const readings = await Promise.all([1, 2, 3, 4].map(() => pages.read(slow)));
  expect(readings.map((r) => r.shell === null && r.linksCapped)).toEqual([true, true, true, true]);
});

it("fails only the page being read when its thread is stopped; the pages sent after it are read by a new one", async () => {
  const pages = reader({ timeoutMs: 1000, window: 4 });
  const endless = list(
    `<div>${Array.from({ length: 600_000 }, (_, i) => `<a href="/a/${i}">报告${i}</a>`).join("")}</div>`,
  );
  const slow = pages.read(endless);
  const after = [1, 2, 3].map((n) => pages.read(list(`<a href="/art/${n}.html">第${n}篇</a>`)));
  await expect(slow).rejects.toThrow(PageReadError);
  const readings = await Promise.all(after);
  expect(readings.map((r) => (r.shell === null ? r.list!.entries.map((e) => e.url) : r.shell))).toEqual([
    ["http://a.gov.cn/art/1.html"],
    ["http://a.gov.cn/art/2.html"],
    ["http://a.gov.cn/art/3.html"],
  ]);
});

it("says when an article or a list had more links than are read", async () => {
  // Before: an article was "capped" only with 20,000 attachments, never with 20,000 other links.
  const pages = reader({});
  const many = Array.from({ length: 20_001 }, (_, i) => `<a href="/p/${i}.html">第${i}页</a>`).join("");
  const article = await pages.read({ ...list(`${many}<a href="/f/1.pdf">附件</a>`), want: "article" });
  expect(article.shell === null && [article.linksCapped, article.attachments?.length]).toEqual([true, 0]);
  const listed = await pages.read(list(many));
  expect(listed.shell === null && listed.linksCapped).toBe(true);
  const few = await pages.read({ ...list(`<a href="/f/1.pdf">附件</a>`), want: "article" });
  expect(few.shell === null && few.linksCapped).toBe(false);
});

it("reads a page answered 304 from its stored copy on its thread, and says when the copy is missing or damaged", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "touming-stored-copy-"));
  try {
    const html = Buffer.from(
      `<ul><li><a href="/art/2.html">2024年政府信息公开工作年度报告</a> 2025-01-20</li></ul>`,
    );
    const sha256 = createHash("sha256").update(html).digest("hex");
    const file = path.join(dir, sha256);
    writeFileSync(file, html);
    const pages = reader({});
    const copy = (stored: { file: string; sha256: string }): PageJob => ({
      ...list(""),
      body: new Uint8Array(0),
      stored,
    });
    const reading = await pages.read(copy({ file, sha256 }));
    expect(reading.shell === null && reading.list?.entries.map((e) => [e.url, e.date])).toEqual([
      ["http://a.gov.cn/art/2.html", "2025-01-20"],
    ]);
    const missing = pages.read(copy({ file: path.join(dir, "0".repeat(64)), sha256: "0".repeat(64) }));
    await expect(missing).rejects.toThrow(StoredCopyError);
    await expect(missing).rejects.toThrow(`the stored copy ${"0".repeat(64)} cannot be read`);
    writeFileSync(file, "<p>changed on disk</p>");
    const damaged = pages.read(copy({ file, sha256 }));
    await expect(damaged).rejects.toThrow(StoredCopyError);
    await expect(damaged).rejects.toThrow(`the stored copy ${sha256} is damaged`);
    // The thread goes on reading.
    expect(await pages.read(list(`<script>location.href="/list/3"</script>`))).toEqual({
      shell: "http://a.gov.cn/list/3",
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it("reads only the bytes of a body that is a view of a larger buffer", async () => {
  const around = Buffer.from(
    `<a href="/before.html">前</a><ul><li><a href="/art/3.html">2022年政府信息公开工作年度报告</a> 2023-01-20</li></ul><a href="/after.html">后</a>`,
  );
  const start = around.indexOf("<ul>");
  const end = around.indexOf("</ul>") + "</ul>".length;
  const reading = await reader({}).read({ ...list(""), body: around.subarray(start, end) });
  expect(reading.shell === null && reading.list?.entries.map((e) => e.url)).toEqual([
    "http://a.gov.cn/art/3.html",
  ]);
});
