import { crawlCoverage, deadReportLinks, startRun } from "@touming/store";
import { describe, expect, it } from "vitest";
import { agencyCoverage, findingTruncatesLists } from "./crawl-coverage.js";
import { crawl } from "./crawl.js";
import { type Page, type Routes, article, listPage, useLoopback } from "./testing/loopback-sites.js";

const loopback = useLoopback();
const fast = { retryBaseDelayMs: 20 };
const title = (year: number) => `临江市统计局${year}年政府信息公开工作年度报告`;
const plain = (body: string, status = 200): Page => ({ status, type: "text/plain", body });

/** A column of two pages (`/list/` → `/list/2`), each listing one report article. */
const column =
  (overrides: Record<string, Page | undefined> = {}): Routes =>
  (path) => {
    if (path in overrides) return overrides[path];
    if (path === "/list/")
      return listPage(
        [{ href: "/art/2024", title: title(2024), date: "2025-01-20" }],
        '<a href="/list/2">下一页</a>',
      );
    if (path === "/list/2") return listPage([{ href: "/art/2023", title: title(2023), date: "2024-01-20" }]);
    if (path === "/art/2024") return article(title(2024));
    if (path === "/art/2023") return article(title(2023));
    return undefined;
  };

async function crawlOf(routes: Routes) {
  const site = await loopback.site(routes);
  const store = await loopback.store([
    { id: "linjiang-tjj", name: "临江市统计局", listUrls: [`${site.origin}/list/`] },
  ]);
  return { site, store };
}

describe("crawl coverage", () => {
  it("a clean crawl of every list page: complete, no reasons", async () => {
    const { site, store } = await crawlOf(column());
    const t = new Date("2026-03-01T02:00:00Z");
    await crawl({ db: store.db, blobs: store.blobs, clock: () => t }, fast);
    expect(site.requests).toContain("GET /list/2");
    expect(await crawlCoverage(store.db, "linjiang-tjj")).toEqual([
      { runId: null, agencyId: "linjiang-tjj", finishedAt: t.toISOString(), complete: true, reasons: [] },
    ]);
  });

  it("a further list page answering 500: not complete, naming it", async () => {
    const { site, store } = await crawlOf(column({ "/list/2": plain("down", 500) }));
    const runId = await startRun(store.db, "crawl");
    await crawl({ db: store.db, blobs: store.blobs, runId }, fast);
    const [coverage] = await crawlCoverage(store.db, "linjiang-tjj");
    expect(coverage).toMatchObject({ runId, complete: false });
    expect(coverage?.reasons.map((r) => [r.kind, r.url])).toEqual([["failed", `${site.origin}/list/2`]]);
    expect(coverage?.reasons[0]?.detail).toMatch(/500/);
  });

  it("a list page disallowed by robots.txt: not complete", async () => {
    const { site, store } = await crawlOf(
      column({ "/robots.txt": plain("User-agent: *\nDisallow: /list/\n") }),
    );
    await crawl({ db: store.db, blobs: store.blobs }, fast);
    expect(site.requests).not.toContain("GET /list/");
    const [coverage] = await crawlCoverage(store.db, "linjiang-tjj");
    expect(coverage?.complete).toBe(false);
    expect(coverage?.reasons.map((r) => [r.kind, r.url])).toEqual([["robots", `${site.origin}/list/`]]);
  });

  it("a report that fails does not make the lists incomplete, but is kept as a report link not read", async () => {
    const { store } = await crawlOf(column({ "/art/2023": plain("gone", 404) }));
    await crawl({ db: store.db, blobs: store.blobs }, fast);
    const coverage = await crawlCoverage(store.db, "linjiang-tjj");
    expect(coverage.map((c) => c.complete)).toEqual([true]);
    expect(coverage[0]!.reasons.map((r) => [r.kind, new URL(r.url).pathname])).toEqual([
      ["report_link_failed", "/art/2023"],
    ]);
  });

  it("a crawl stopped by its signal records nothing; the resumed crawl that ends records one row", async () => {
    const { store } = await crawlOf(column());
    const stop = new AbortController();
    await crawl(
      {
        db: store.db,
        blobs: store.blobs,
        signal: stop.signal,
        onEvent: (e) => void (e.type === "item" && stop.abort()),
      },
      fast,
    );
    expect(await crawlCoverage(store.db, "linjiang-tjj")).toEqual([]);
    const resumed = await crawl({ db: store.db, blobs: store.blobs }, fast);
    expect(resumed.resumed).toBe(true);
    expect((await crawlCoverage(store.db, "linjiang-tjj")).map((c) => [c.complete, c.reasons])).toEqual([
      [true, []],
    ]);
  });

  it("a resumed crawl's coverage keeps the findings its stopped part recorded, whatever run it was", async () => {
    const { store } = await crawlOf(
      column({
        "/list/": listPage(
          [
            { href: "/art/2024", title: title(2024), date: "2025-01-20" },
            { href: "/art/2023", title: title(2023), date: "2024-01-20" },
          ],
          '<a href="/list/2">下一页</a>',
        ),
      }),
    );
    // One report link per list page: the first page's second link is cut, a budget finding.
    const options = { ...fast, budgets: { reportLinksPerList: 1 } };
    const stop = new AbortController();
    const first = await startRun(store.db, "crawl");
    await crawl(
      {
        db: store.db,
        blobs: store.blobs,
        runId: first,
        signal: stop.signal,
        onEvent: (e) => void (e.type === "item" && stop.abort()),
      },
      options,
    );
    const second = await startRun(store.db, "crawl");
    expect((await crawl({ db: store.db, blobs: store.blobs, runId: second }, options)).resumed).toBe(true);
    // The lists were not read whole, though the run that resumed found nothing wrong itself.
    const [coverage] = await crawlCoverage(store.db, "linjiang-tjj");
    expect(coverage).toMatchObject({ runId: second, complete: false });
    expect(coverage?.reasons.map((r) => [r.kind, new URL(r.url).pathname])).toEqual([
      ["budget_report_links_per_list", "/list/"],
    ]);
  });

  it("a report link answering 404 in two crawls 15 days apart: dead from the first to the last, host answering", async () => {
    const { site, store } = await crawlOf(column({ "/art/2023": plain("not found", 404) }));
    const day = 86_400_000;
    const t0 = Date.parse("2026-03-01T02:00:00Z");
    for (const days of [0, 15]) {
      const clock = () => new Date(t0 + days * day);
      const runId = await startRun(store.db, "crawl", clock);
      await crawl({ db: store.db, blobs: store.blobs, runId, clock }, fast);
    }
    expect(site.requests.filter((r) => r === "GET /art/2023")).toHaveLength(2);
    const links = await deadReportLinks(store.db, "linjiang-tjj");
    expect(links.map(({ documentId: _, ...link }) => link)).toEqual([
      {
        url: `${site.origin}/art/2023`,
        title: title(2023),
        firstDeadAt: new Date(t0).toISOString(),
        lastDeadAt: new Date(t0 + 15 * day).toISOString(),
        deadCrawls: 2,
        hostAnswered: true,
      },
    ]);
    // Both crawls read every list page.
    expect((await crawlCoverage(store.db, "linjiang-tjj")).map((c) => c.complete)).toEqual([true, true]);
  });
});

describe("which findings cut an agency's lists", () => {
  it("on a site or list page, not on a report; budgets and column findings on any page", () => {
    expect(findingTruncatesLists({ kind: "failed", frontierKind: "list" })).toBe(true);
    expect(findingTruncatesLists({ kind: "blocked", frontierKind: "site" })).toBe(true);
    expect(findingTruncatesLists({ kind: "failed", frontierKind: "article" })).toBe(false);
    expect(findingTruncatesLists({ kind: "page_unreadable", frontierKind: "attachment" })).toBe(false);
    expect(findingTruncatesLists({ kind: "redirect_shell_chain", frontierKind: "list" })).toBe(true);
    expect(findingTruncatesLists({ kind: "redirect_shell_chain", frontierKind: "article" })).toBe(false);
    expect(findingTruncatesLists({ kind: "budget_requests", frontierKind: "article" })).toBe(true);
    expect(findingTruncatesLists({ kind: "column_moved", frontierKind: "list" })).toBe(true);
    expect(findingTruncatesLists({ kind: "dead_attachment", frontierKind: "attachment" })).toBe(false);
    expect(findingTruncatesLists({ kind: "invalid_certificate", frontierKind: "list" })).toBe(false);
  });

  it("a page an earlier part of a resumed crawl ended keeps its finding's kind, not just failed", () => {
    const page = {
      agencyId: "a",
      url: "https://a.example/list/",
      kind: "list" as const,
      state: "failed" as const,
    };
    const coverage = agencyCoverage("a", {
      pages: 2,
      findings: [],
      unfinished: [
        { ...page, lastError: "blocked by anti-bot challenge (HTTP 412)", failureKind: "blocked" },
        { ...page, url: "https://a.example/list/2", lastError: "HTTP 500", failureKind: null },
      ],
    });
    expect(coverage.reasons).toEqual([
      { url: "https://a.example/list/", kind: "blocked", detail: "blocked by anti-bot challenge (HTTP 412)" },
      { url: "https://a.example/list/2", kind: "failed", detail: "HTTP 500" },
    ]);
  });

  it("an agency with no page to read is not complete", () => {
    expect(agencyCoverage("a", { pages: 0, findings: [], unfinished: [] })).toEqual({
      agencyId: "a",
      complete: false,
      reasons: [{ url: "", kind: "nothing_read", detail: "no list URL and no site URL: no page was read" }],
    });
  });
});
