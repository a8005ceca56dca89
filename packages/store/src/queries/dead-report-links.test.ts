import { describe, expect, it } from "vitest";
import type { Clock } from "../clock.js";
import { testAgency, useTempStore } from "../testing/index.js";
import { deadReportLinks } from "./dead-report-links.js";
import { upsertDocument } from "./documents.js";
import { recordFetch } from "./fetches.js";
import { recordCrawlFinding } from "./frontier.js";
import { startRun } from "./runs.js";

const tempStore = useTempStore();
const day = 86_400_000;
const t0 = Date.parse("2026-03-01T02:00:00Z");
const on =
  (days: number): Clock =>
  () =>
    new Date(t0 + days * day);
const iso = (days: number) => new Date(t0 + days * day).toISOString();
const host = "https://www.a.example";
const report = `${host}/art/2025/report.html`;

async function setUp() {
  const store = await tempStore([testAgency({ id: "a" })]);
  const { id } = await upsertDocument(store.db, {
    agencyId: "a",
    url: report,
    kind: "article",
    title: "某局2025年政府信息公开工作年度报告",
  });
  /** One crawl on day `days`: the report answers `status`, the list page `listStatus`. */
  const crawlOn = async (
    days: number,
    status: number | null,
    listStatus: number | null = 200,
    error?: string,
  ) => {
    const runId = await startRun(store.db, "crawl", on(days));
    await recordFetch(store.db, { runId, agencyId: "a", url: `${host}/robots.txt`, status: 200 }, on(days));
    if (listStatus !== null)
      await recordFetch(
        store.db,
        { runId, agencyId: "a", url: `${host}/list/`, status: listStatus },
        on(days),
      );
    await recordFetch(
      store.db,
      { runId, agencyId: "a", url: report, status, error: error ?? null },
      on(days),
    );
    return runId;
  };
  return { store, id, crawlOn };
}

describe("deadReportLinks", () => {
  it("a report answering 404 in two crawls 15 days apart while its host answered: both dates, two crawls", async () => {
    const { store, id, crawlOn } = await setUp();
    await crawlOn(0, 200);
    await crawlOn(10, 404);
    await crawlOn(25, 410);
    expect(await deadReportLinks(store.db, "a")).toEqual([
      {
        documentId: id,
        url: report,
        title: "某局2025年政府信息公开工作年度报告",
        firstDeadAt: iso(10),
        lastDeadAt: iso(25),
        deadCrawls: 2,
        hostAnswered: true,
      },
    ]);
  });

  it("the host did not answer in the last crawl (robots.txt aside): hostAnswered false", async () => {
    const { store, crawlOn } = await setUp();
    await crawlOn(0, 404);
    await crawlOn(15, 404, 503);
    const [link] = await deadReportLinks(store.db, "a");
    expect(link).toMatchObject({
      firstDeadAt: iso(0),
      lastDeadAt: iso(15),
      deadCrawls: 2,
      hostAnswered: false,
    });
  });

  it("not listed: answered again, never fetched, or another failure since it last answered", async () => {
    const answeredAgain = await setUp();
    await answeredAgain.crawlOn(0, 404);
    await answeredAgain.crawlOn(15, 304);
    expect(await deadReportLinks(answeredAgain.store.db, "a")).toEqual([]);

    const neverFetched = await setUp();
    expect(await deadReportLinks(neverFetched.store.db, "a")).toEqual([]);

    const serverError = await setUp();
    await serverError.crawlOn(0, 404);
    await serverError.crawlOn(15, 503);
    expect(await deadReportLinks(serverError.store.db, "a")).toEqual([]);

    const timeout = await setUp();
    await timeout.crawlOn(0, 404);
    await timeout.crawlOn(15, null, 200, "timeout");
    expect(await deadReportLinks(timeout.store.db, "a")).toEqual([]);
  });

  it("an attachment that answers an HTML page (the crawler's dead_attachment finding) is dead", async () => {
    const { store, crawlOn } = await setUp();
    const pdf = `${host}/files/report.pdf`;
    const { id } = await upsertDocument(store.db, { agencyId: "a", url: pdf, kind: "attachment" });
    await crawlOn(0, 200);
    await recordFetch(store.db, { agencyId: "a", url: pdf, status: 200 }, on(0)); // a real PDF then
    for (const days of [3, 20]) {
      const runId = await crawlOn(days, 200);
      await recordFetch(store.db, { runId, agencyId: "a", url: pdf, status: 200 }, on(days));
      const detail = `${pdf}: the attachment link returns an HTML page (dead link)`;
      await recordCrawlFinding(
        store.db,
        { runId, agencyId: "a", url: pdf, kind: "dead_attachment", detail },
        on(days),
      );
    }
    expect(await deadReportLinks(store.db, "a")).toEqual([
      {
        documentId: id,
        url: pdf,
        title: null,
        firstDeadAt: iso(3),
        lastDeadAt: iso(20),
        deadCrawls: 2,
        hostAnswered: true,
      },
    ]);
  });

  it("fetches without a run: the crawl of the last dead fetch is the run-less fetches within 12 hours", async () => {
    const { store, id } = await setUp();
    for (const days of [0, 15]) {
      await recordFetch(store.db, { agencyId: "a", url: report, status: 404 }, on(days));
      await recordFetch(store.db, { agencyId: "a", url: `${host}/list/`, status: 200 }, on(days - 1));
    }
    expect(await deadReportLinks(store.db, "a")).toEqual([
      expect.objectContaining({
        documentId: id,
        firstDeadAt: iso(0),
        lastDeadAt: iso(15),
        deadCrawls: 0,
        hostAnswered: false,
      }),
    ]);
    await recordFetch(store.db, { agencyId: "a", url: `${host}/list/`, status: 200 }, on(15.25));
    expect((await deadReportLinks(store.db, "a"))[0]?.hostAnswered).toBe(true);
  });
});
