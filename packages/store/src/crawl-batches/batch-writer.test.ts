import { describe, expect, it } from "vitest";
import { StoreReadOnlyError } from "../errors.js";
import { upsertAgencies } from "../queries/agencies.js";
import type { CrawlBatch } from "../queries/crawl-batch.js";
import { enqueueFrontier, frontierCounts } from "../queries/frontier.js";
import { storageFailure } from "../storage-failure.js";
import { testAgency, testDialect, useTempStore } from "../testing/index.js";
import { openCrawlBatchWriter } from "./batch-writer.js";
import { errorFromThread, errorToThread } from "./thread-messages.js";

const tempStore = useTempStore();
const at = "2026-03-01T08:00:00.000Z";
const site = "https://www.huaian.gov.cn";

/** A batch: the list page's fetch and end, a report fetched for the first time, an article found. */
const batchFor = (listId: number, n: number): CrawlBatch => ({
  documents: [
    {
      key: -1,
      sighting: { agencyId: "huaian-city", url: `${site}/report-${n}.pdf`, kind: "attachment" },
      content: { sha256: String(n).repeat(64).slice(0, 64) },
      at,
    },
  ],
  fetches: [{ agencyId: "huaian-city", url: `${site}/list-${n}`, status: 200, at }],
  findings: [],
  completions: [
    {
      id: listId,
      state: "done",
      attempts: 1,
      error: null,
      at,
      discovered: [{ agencyId: "huaian-city", url: `${site}/a-${n}`, kind: "article", parentDocumentId: -1 }],
    },
  ],
});

describe("openCrawlBatchWriter", () => {
  it("writes batches in order (on its own thread on SQLite) and gives back what each added and the reports' ids", async () => {
    const store = await tempStore();
    await upsertAgencies(store.db, [testAgency()]);
    const lists = await enqueueFrontier(
      store.db,
      [1, 2].map((n) => ({ agencyId: "huaian-city", url: `${site}/list-${n}`, kind: "list" as const })),
    );
    const writer = await openCrawlBatchWriter(store);
    try {
      // Both asked at once: the second waits for the first.
      const [first, second] = await Promise.all(
        [1, 2].map((n) => writer.write(batchFor(lists[n - 1]!.id, n))),
      );
      expect([first!.added, second!.added]).toEqual([1, 1]);
      const reports = await store.db.selectFrom("documents").select(["id", "url"]).orderBy("id").execute();
      expect(reports.map((r) => r.url)).toEqual([`${site}/report-1.pdf`, `${site}/report-2.pdf`]);
      expect([...first!.documentIds]).toEqual([[-1, reports[0]!.id]]);
      expect([...second!.documentIds]).toEqual([[-1, reports[1]!.id]]);
      // What each discovered names its report by the id it was given; the store's connection reads it all.
      const articles = await store.db
        .selectFrom("crawl_frontier")
        .select(["url", "parent_document_id"])
        .where("kind", "=", "article")
        .orderBy("id")
        .execute();
      expect(articles).toEqual([
        { url: `${site}/a-1`, parent_document_id: reports[0]!.id },
        { url: `${site}/a-2`, parent_document_id: reports[1]!.id },
      ]);
      expect(await frontierCounts(store.db)).toEqual({ pending: 2, done: 2, failed: 0 });
    } finally {
      await writer.close();
    }
  });

  it("a batch refused comes back with its error's name and code, and later batches are still written", async () => {
    const store = await tempStore();
    await upsertAgencies(store.db, [testAgency()]);
    const writer = await openCrawlBatchWriter(store);
    try {
      const unknownAgency: CrawlBatch = {
        fetches: [{ agencyId: "no-such-agency", url: `${site}/x`, status: 200, at }],
        findings: [],
        completions: [],
      };
      const refused = (await writer.write(unknownAgency).then(
        () => null,
        (error: unknown) => error,
      )) as Error & { code?: string };
      expect(refused).toBeInstanceOf(Error);
      expect(refused.message).toMatch(/foreign key/i);
      if (testDialect() === "sqlite") expect(refused.code).toBe("SQLITE_CONSTRAINT_FOREIGNKEY");
      else expect(refused.code).toBe("23503");
      const fine = { ...unknownAgency, fetches: [{ ...unknownAgency.fetches[0]!, agencyId: "huaian-city" }] };
      expect((await writer.write(fine)).added).toBe(0);
      expect(await store.db.selectFrom("fetches").select("agency_id").execute()).toEqual([
        { agency_id: "huaian-city" },
      ]);
    } finally {
      await writer.close();
    }
  });

  it("close waits for the writes asked before it; a write after close is refused with why", async () => {
    const store = await tempStore();
    await upsertAgencies(store.db, [testAgency()]);
    const [list] = await enqueueFrontier(store.db, [
      { agencyId: "huaian-city", url: `${site}/list-1`, kind: "list" },
    ]);
    const writer = await openCrawlBatchWriter(store);
    const written = writer.write(batchFor(list!.id, 1));
    await writer.close();
    expect((await written).added).toBe(1);
    expect(await frontierCounts(store.db)).toEqual({ pending: 1, done: 1, failed: 0 });
    if (testDialect() === "sqlite")
      await expect(writer.write(batchFor(list!.id, 2))).rejects.toThrow(/batch writer thread ended/);
  });

  it.skipIf(testDialect() !== "sqlite")(
    "a thread that cannot open the database fails to start, saying which file and why",
    async () => {
      const store = await tempStore();
      // A directory where the database file should be.
      const opening = openCrawlBatchWriter({ ...store, dbFile: store.dataDir });
      await expect(opening).rejects.toThrow(`${store.dataDir}: cannot open the database`);
      await expect(opening).rejects.toMatchObject({ name: "StoreOpenError" });
    },
  );
});

describe("errors between threads", () => {
  it("keep what a storage failure is told by: a full disk's code, a read-only store's path and code", () => {
    const full = Object.assign(new Error("database or disk is full"), {
      name: "SqliteError",
      code: "SQLITE_FULL",
    });
    const again = errorFromThread(errorToThread(full));
    expect([again.name, again.message]).toEqual(["SqliteError", "database or disk is full"]);
    expect(storageFailure(again)).toEqual({ kind: "full", code: "SQLITE_FULL", path: null });

    const readOnly = errorFromThread(errorToThread(new StoreReadOnlyError("/data/touming.db", "EROFS")));
    expect(readOnly).toBeInstanceOf(StoreReadOnlyError);
    expect(storageFailure(readOnly)).toEqual({ kind: "read-only", code: "EROFS", path: "/data/touming.db" });
    expect(errorFromThread(errorToThread("plain"))).toMatchObject({ name: "Error", message: "plain" });
  });
});
