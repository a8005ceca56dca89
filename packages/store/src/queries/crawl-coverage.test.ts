import { describe, expect, it } from "vitest";
import { testAgency, useTempStore } from "../testing/index.js";
import { upsertAgencies } from "./agencies.js";
import {
  MAX_COVERAGE_REASONS,
  coverageByAgency,
  crawlCoverage,
  crawlFindingsAfter,
  lastCrawlFindingId,
  navigationPages,
  recordCrawlCoverage,
} from "./crawl-coverage.js";
import { completeFrontier, enqueueFrontier, recordCrawlFinding } from "./frontier.js";
import { startRun } from "./runs.js";

const tempStore = useTempStore();
const at = (iso: string) => () => new Date(iso);
const reason = (n: number) => ({
  url: `https://a.example/list/${n}`,
  kind: "failed",
  detail: `HTTP 500 (${n})`,
});

describe("crawl coverage", () => {
  it("records one row per agency and reads an agency's newest first, reasons decoded", async () => {
    const store = await tempStore([testAgency({ id: "a" }), testAgency({ id: "b" })]);
    const run = await startRun(store.db, "crawl");
    await recordCrawlCoverage(
      store.db,
      [
        { runId: run, agencyId: "a", complete: false, reasons: [reason(1)] },
        { runId: run, agencyId: "b", complete: true, reasons: [] },
      ],
      at("2026-03-01T00:00:00Z"),
    );
    await recordCrawlCoverage(
      store.db,
      [{ agencyId: "a", complete: true, reasons: [] }],
      at("2026-03-16T00:00:00Z"),
    );
    expect(await crawlCoverage(store.db, "a")).toEqual([
      { runId: null, agencyId: "a", finishedAt: "2026-03-16T00:00:00.000Z", complete: true, reasons: [] },
      {
        runId: run,
        agencyId: "a",
        finishedAt: "2026-03-01T00:00:00.000Z",
        complete: false,
        reasons: [reason(1)],
      },
    ]);
    expect(await crawlCoverage(store.db, "b")).toEqual([
      { runId: run, agencyId: "b", finishedAt: "2026-03-01T00:00:00.000Z", complete: true, reasons: [] },
    ]);
    expect(await crawlCoverage(store.db, "nobody")).toEqual([]);
  });

  it(`keeps the first ${MAX_COVERAGE_REASONS} reasons, and only their url, kind and detail`, async () => {
    const store = await tempStore([testAgency({ id: "a" })]);
    const many = Array.from({ length: 30 }, (_, i) => ({ ...reason(i), extra: "dropped" }));
    await recordCrawlCoverage(store.db, [{ agencyId: "a", complete: false, reasons: many }]);
    const [row] = await crawlCoverage(store.db, "a");
    expect(row?.reasons).toHaveLength(MAX_COVERAGE_REASONS);
    expect(row?.reasons[0]).toEqual(reason(0));
    expect(row?.reasons.at(-1)).toEqual(reason(MAX_COVERAGE_REASONS - 1));
  });

  it("a damaged reasons value stops the read naming the row", async () => {
    const store = await tempStore([testAgency({ id: "a" })]);
    await recordCrawlCoverage(store.db, [{ agencyId: "a", complete: true, reasons: [] }]);
    await store.db.updateTable("crawl_coverage").set({ reasons: "{oops" }).execute();
    await expect(crawlCoverage(store.db, "a")).rejects.toThrow(/crawl_coverage 1 reasons: not valid JSON/);
  });

  it("reads a batch of agencies larger than one IN list, or all, into a map", async () => {
    const agencies = Array.from({ length: 450 }, (_, i) => testAgency({ id: `a${i}` }));
    const store = await tempStore();
    await upsertAgencies(store.db, agencies);
    const rows = agencies.map((a, i) => ({ agencyId: a.id, complete: i % 2 === 0, reasons: [] }));
    await recordCrawlCoverage(store.db, rows, at("2026-03-01T00:00:00Z"));
    await recordCrawlCoverage(store.db, rows.slice(0, 1), at("2026-03-02T00:00:00Z"));

    const ids = agencies.map((a) => a.id).concat("never-crawled");
    const byAgency = await coverageByAgency(store.db, ids);
    expect(byAgency.size).toBe(450);
    expect(byAgency.has("never-crawled")).toBe(false);
    expect(byAgency.get("a0")?.map((c) => c.finishedAt)).toEqual([
      "2026-03-02T00:00:00.000Z",
      "2026-03-01T00:00:00.000Z",
    ]);
    expect(byAgency.get("a449")?.map((c) => c.complete)).toEqual([false]);
    expect(byAgency.get("a448")?.map((c) => c.complete)).toEqual([true]);
    expect((await coverageByAgency(store.db)).size).toBe(450);
    expect((await coverageByAgency(store.db, [])).size).toBe(0);
  });
});

describe("what a crawl's coverage is computed from", () => {
  it("gives a crawl's own findings (its run's, after an id) with the kind of page each is about", async () => {
    const store = await tempStore([testAgency({ id: "a" })]);
    const list = "https://a.example/list/";
    const art = "https://a.example/art/1";
    await enqueueFrontier(store.db, [
      { agencyId: "a", url: list, kind: "list" },
      { agencyId: "a", url: art, kind: "article" },
    ]);
    expect(await lastCrawlFindingId(store.db)).toBe(0);
    await recordCrawlFinding(store.db, { agencyId: "a", url: list, kind: "failed", detail: "earlier crawl" });
    const after = await lastCrawlFindingId(store.db);
    expect(after).toBe(1);
    const run = await startRun(store.db, "crawl");
    await recordCrawlFinding(store.db, { agencyId: "a", url: list, kind: "robots", detail: "disallowed" });
    await recordCrawlFinding(store.db, {
      runId: run,
      agencyId: "a",
      url: art,
      kind: "failed",
      detail: "404",
    });
    await recordCrawlFinding(store.db, {
      agencyId: "a",
      url: "https://a.example/x",
      kind: "no_column",
      detail: "-",
    });

    const direct = await crawlFindingsAfter(store.db, { afterId: after, runId: null });
    expect(direct.map((f) => [f.kind, f.url, f.frontierKind])).toEqual([
      ["robots", list, "list"],
      ["no_column", "https://a.example/x", null],
    ]);
    const ofRun = await crawlFindingsAfter(store.db, { afterId: after, runId: run });
    expect(ofRun.map((f) => [f.kind, f.frontierKind, f.run_id, f.detail])).toEqual([
      ["failed", "article", run, "404"],
    ]);
  });

  it("counts each agency's site and list pages and names those not ended read", async () => {
    const store = await tempStore([testAgency({ id: "a" }), testAgency({ id: "b" })]);
    const rows = await enqueueFrontier(store.db, [
      { agencyId: "a", url: "https://a.example/", kind: "site" },
      { agencyId: "a", url: "https://a.example/list/", kind: "list" },
      { agencyId: "a", url: "https://a.example/list/2", kind: "list" },
      { agencyId: "a", url: "https://a.example/art/1", kind: "article" },
      { agencyId: "b", url: "https://b.example/list/", kind: "list" },
    ]);
    const [site, list, , artRow, bList] = rows;
    await completeFrontier(store.db, site!.id, { state: "done", attempts: 1 });
    await completeFrontier(store.db, list!.id, { state: "failed", attempts: 3, error: "HTTP 500" });
    await completeFrontier(store.db, artRow!.id, { state: "failed", attempts: 1, error: "HTTP 404" });
    await completeFrontier(store.db, bList!.id, { state: "done", attempts: 1 });

    const all = await navigationPages(store.db);
    expect([...all.counts]).toEqual([
      ["a", 3],
      ["b", 1],
    ]);
    expect(all.unfinished).toEqual([
      {
        agencyId: "a",
        url: "https://a.example/list/",
        kind: "list",
        state: "failed",
        lastError: "HTTP 500",
        failureKind: null,
      },
      {
        agencyId: "a",
        url: "https://a.example/list/2",
        kind: "list",
        state: "pending",
        lastError: null,
        failureKind: null,
      },
    ]);
    // A page failed by a finding of an earlier run (a resumed crawl's first part) keeps its kind: the
    // newest failing finding on it, not a later finding of another kind.
    await recordCrawlFinding(store.db, {
      agencyId: "a",
      url: "https://a.example/list/",
      kind: "failed",
      detail: "HTTP 500",
    });
    await recordCrawlFinding(store.db, {
      agencyId: "a",
      url: "https://a.example/list/",
      kind: "blocked",
      detail: "HTTP 412",
    });
    await recordCrawlFinding(store.db, {
      agencyId: "a",
      url: "https://a.example/list/",
      kind: "no_column",
      detail: "-",
    });
    await recordCrawlFinding(store.db, {
      agencyId: "a",
      url: "https://a.example/list/2",
      kind: "blocked",
      detail: "-",
    });
    const again = await navigationPages(store.db, ["a"]);
    expect(again.unfinished.map((p) => [p.url, p.state, p.failureKind])).toEqual([
      ["https://a.example/list/", "failed", "blocked"],
      ["https://a.example/list/2", "pending", null],
    ]);
    const onlyB = await navigationPages(store.db, ["b"]);
    expect([...onlyB.counts]).toEqual([["b", 1]]);
    expect(onlyB.unfinished).toEqual([]);
  });
});
