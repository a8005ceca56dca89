import {
  crawlFindings,
  enqueueFrontier,
  frontierCounts,
  pendingFrontier,
  upsertAgencies,
} from "@touming/store";
import { testAgency, useTempStore } from "@touming/store/testing";
import { describe, expect, it } from "vitest";
import { CrawlJournal } from "./crawl-journal.js";

const tempStore = useTempStore();
const clock = () => new Date("2026-03-01T08:00:00Z");
const agency = testAgency();

async function storeWithRows(urls: string[]) {
  const store = await tempStore();
  await upsertAgencies(store.db, [agency]);
  const rows = await enqueueFrontier(
    store.db,
    urls.map((url) => ({ agencyId: agency.id, url, kind: "list" as const })),
  );
  return { store, rows };
}

const ended = (id: number, discovered: string[] = []) => ({
  id,
  state: "done" as const,
  attempts: 1,
  error: null,
  discovered: discovered.map((url) => ({ agencyId: agency.id, url, kind: "article" as const, depth: 1 })),
});

describe("CrawlJournal", () => {
  it("holds what ended until a flush, then writes it all: rows ended, URLs discovered, fetches, findings", async () => {
    const { store, rows } = await storeWithRows(["https://a.gov.cn/1", "https://a.gov.cn/2"]);
    const journal = new CrawlJournal(store.db, clock, { maxItems: 10, maxDelayMs: 60_000 });
    journal.fetch({ agencyId: agency.id, url: "https://a.gov.cn/1", status: 200 });
    journal.finding({
      runId: null,
      agencyId: agency.id,
      url: "https://a.gov.cn/1",
      kind: "failed",
      detail: "x",
    });
    journal.complete(ended(rows[0]!.id, ["https://a.gov.cn/p1", "https://a.gov.cn/2"]));
    expect(journal.pending).toBe(3);
    // Nothing is written yet: a crawl killed now finds the row pending and fetches it again.
    expect(await frontierCounts(store.db)).toEqual({ pending: 2, done: 0, failed: 0 });
    expect(await store.db.selectFrom("fetches").selectAll().execute()).toEqual([]);

    await journal.flush();
    expect(journal.pending).toBe(0);
    expect(journal.added).toBe(1);
    expect(await frontierCounts(store.db)).toEqual({ pending: 2, done: 1, failed: 0 });
    expect((await pendingFrontier(store.db)).map((r) => r.url)).toEqual([
      "https://a.gov.cn/2",
      "https://a.gov.cn/p1",
    ]);
    expect(await store.db.selectFrom("fetches").select(["url", "fetched_at"]).execute()).toEqual([
      { url: "https://a.gov.cn/1", fetched_at: "2026-03-01T08:00:00.000Z" },
    ]);
    expect((await crawlFindings(store.db)).map((f) => f.kind)).toEqual(["failed"]);
  });

  it("writes a batch by itself once it holds maxItems ended rows", async () => {
    const urls = Array.from({ length: 5 }, (_, i) => `https://a.gov.cn/${i}`);
    const { store, rows } = await storeWithRows(urls);
    const journal = new CrawlJournal(store.db, clock, { maxItems: 3, maxDelayMs: 60_000 });
    for (const row of rows) journal.complete(ended(row.id));
    expect(journal.pending).toBe(2);
    await journal.flush();
    expect(await frontierCounts(store.db)).toEqual({ pending: 0, done: 5, failed: 0 });
  });

  it("writes what waits after maxDelayMs without being asked", async () => {
    const { store, rows } = await storeWithRows(["https://a.gov.cn/1"]);
    const journal = new CrawlJournal(store.db, clock, { maxItems: 100, maxDelayMs: 5 });
    journal.complete(ended(rows[0]!.id));
    await expect.poll(async () => (await frontierCounts(store.db)).done).toBe(1);
  });

  it("keeps a failed write: the flush and every later call throw it, nothing of the batch is written", async () => {
    const { store, rows } = await storeWithRows(["https://a.gov.cn/1"]);
    const journal = new CrawlJournal(store.db, clock, { maxItems: 100, maxDelayMs: 60_000 });
    journal.complete(ended(rows[0]!.id));
    // An unknown agency breaks a foreign key: the whole batch is refused.
    journal.finding({ runId: null, agencyId: "nobody", url: "u", kind: "failed", detail: "x" });
    await expect(journal.flush()).rejects.toThrow(/FOREIGN KEY/);
    expect(() => journal.complete(ended(rows[0]!.id))).toThrow(/FOREIGN KEY/);
    await expect(journal.flush()).rejects.toThrow(/FOREIGN KEY/);
    expect(await frontierCounts(store.db)).toEqual({ pending: 1, done: 0, failed: 0 });
  });

  it("writes a row's fetches with its end, never in an earlier batch", async () => {
    const { store, rows } = await storeWithRows(["https://a.gov.cn/1", "https://a.gov.cn/2"]);
    const journal = new CrawlJournal(store.db, clock, { maxItems: 10, maxDelayMs: 60_000 });
    const fetched = async () =>
      (await store.db.selectFrom("fetches").select("url").orderBy("id").execute()).map((f) => f.url);
    journal.begin({ id: rows[0]!.id, agencyId: agency.id, url: "https://a.gov.cn/1" });
    journal.fetch({ agencyId: agency.id, url: "https://a.gov.cn/1", status: 200 });
    journal.fetch({ agencyId: agency.id, url: "https://a.gov.cn/robots.txt", status: 404 });
    // Another row ends and its batch is written while the first is still being handled (read).
    journal.complete(ended(rows[1]!.id));
    await journal.flush();
    // A kill now leaves the first row pending and its fetch not logged: the next crawl fetches it again.
    expect(await fetched()).toEqual(["https://a.gov.cn/robots.txt"]);
    expect(await frontierCounts(store.db)).toEqual({ pending: 1, done: 1, failed: 0 });
    expect(journal.pending).toBe(1);

    journal.complete(ended(rows[0]!.id, ["https://a.gov.cn/file.pdf"]));
    await journal.flush();
    expect(await fetched()).toEqual(["https://a.gov.cn/robots.txt", "https://a.gov.cn/1"]);
    expect(await frontierCounts(store.db)).toEqual({ pending: 1, done: 2, failed: 0 });
  });

  it("writes the fetches of rows left pending at the crawl's last flush", async () => {
    const { store, rows } = await storeWithRows(["https://a.gov.cn/1"]);
    const journal = new CrawlJournal(store.db, clock, { maxItems: 10, maxDelayMs: 60_000 });
    journal.begin({ id: rows[0]!.id, agencyId: agency.id, url: "https://a.gov.cn/1" });
    journal.fetch({ agencyId: agency.id, url: "https://a.gov.cn/1", status: 503 });
    await journal.flush();
    expect(await store.db.selectFrom("fetches").selectAll().execute()).toEqual([]);
    await journal.flush({ unended: true });
    expect(await store.db.selectFrom("fetches").select(["url", "status"]).execute()).toEqual([
      { url: "https://a.gov.cn/1", status: 503 },
    ]);
    expect(await frontierCounts(store.db)).toEqual({ pending: 1, done: 0, failed: 0 });
  });
});

describe("CrawlJournal: reports fetched for the first time", () => {
  const report = (url: string) => ({
    sighting: { agencyId: agency.id, url, kind: "article" as const, title: "年度报告" },
    content: { sha256: "a".repeat(64), contentType: "text/html", etag: '"1"' },
  });
  const documents = (store: Awaited<ReturnType<typeof tempStore>>) =>
    store.db
      .selectFrom("documents")
      .select(["id", "url", "fetch_state", "blob_sha256"])
      .orderBy("id")
      .execute();
  const parents = (store: Awaited<ReturnType<typeof tempStore>>) =>
    store.db
      .selectFrom("crawl_frontier")
      .select(["url", "parent_document_id"])
      .where("kind", "=", "attachment")
      .orderBy("url")
      .execute();

  it("writes a report with its row's end, and what the row discovered under it gets its id", async () => {
    const { store, rows } = await storeWithRows(["https://a.gov.cn/r1"]);
    const journal = new CrawlJournal(store.db, clock, { maxItems: 10, maxDelayMs: 60_000 });
    journal.begin({ id: rows[0]!.id, agencyId: agency.id, url: "https://a.gov.cn/r1" });
    const { sighting, content } = report("https://a.gov.cn/r1");
    const key = journal.addDocument(sighting, content);
    expect(key).toBeLessThan(0);
    await journal.flush();
    // Not before its row ends: a crawl killed now fetches the row again and finds no report of it.
    expect(await documents(store)).toEqual([]);
    journal.complete({
      ...ended(rows[0]!.id),
      discovered: [
        { agencyId: agency.id, url: "https://a.gov.cn/r1.pdf", kind: "attachment", parentDocumentId: key },
      ],
    });
    expect(journal.pending).toBe(2);
    await journal.flush();
    const [written] = await documents(store);
    expect(written).toEqual({
      id: expect.any(Number),
      url: "https://a.gov.cn/r1",
      fetch_state: "fetched",
      blob_sha256: "a".repeat(64),
    });
    expect(await parents(store)).toEqual([
      { url: "https://a.gov.cn/r1.pdf", parent_document_id: written!.id },
    ]);
    await store.close();
  });

  it("writes a report at once when its id is asked for before its row ends, and names it by that id", async () => {
    const { store, rows } = await storeWithRows(["https://a.gov.cn/r2"]);
    const journal = new CrawlJournal(store.db, clock, { maxItems: 10, maxDelayMs: 60_000 });
    journal.begin({ id: rows[0]!.id, agencyId: agency.id, url: "https://a.gov.cn/r2" });
    const { sighting, content } = report("https://a.gov.cn/r2");
    const key = journal.addDocument(sighting, content);
    const id = await journal.documentId(key);
    expect(await documents(store)).toEqual([expect.objectContaining({ id, url: "https://a.gov.cn/r2" })]);
    // Asked again, the same id; an id of the store is its own.
    expect(await journal.documentId(key)).toBe(id);
    expect(await journal.documentId(id)).toBe(id);
    journal.complete({
      ...ended(rows[0]!.id),
      discovered: [
        { agencyId: agency.id, url: "https://a.gov.cn/p1.jpg", kind: "attachment", parentDocumentId: key },
      ],
    });
    await journal.flush();
    expect(await documents(store)).toHaveLength(1);
    expect(await parents(store)).toEqual([{ url: "https://a.gov.cn/p1.jpg", parent_document_id: id }]);
    await store.close();
  });

  it("writes the reports of rows left pending at the crawl's last flush, and of no row with the next batch", async () => {
    const { store, rows } = await storeWithRows(["https://a.gov.cn/r3"]);
    const journal = new CrawlJournal(store.db, clock, { maxItems: 10, maxDelayMs: 60_000 });
    journal.begin({ id: rows[0]!.id, agencyId: agency.id, url: "https://a.gov.cn/r3" });
    journal.addDocument(report("https://a.gov.cn/r3").sighting, report("https://a.gov.cn/r3").content);
    const loose = journal.addDocument(
      report("https://a.gov.cn/r4").sighting,
      report("https://a.gov.cn/r4").content,
    );
    await journal.flush();
    expect((await documents(store)).map((d) => d.url)).toEqual(["https://a.gov.cn/r4"]);
    // The batch that wrote it knows its id.
    expect(await journal.documentId(loose)).toBe((await documents(store))[0]!.id);
    await journal.flush({ unended: true });
    expect((await documents(store)).map((d) => d.url)).toEqual([
      "https://a.gov.cn/r4",
      "https://a.gov.cn/r3",
    ]);
    expect(await frontierCounts(store.db)).toEqual({ pending: 1, done: 0, failed: 0 });
    await store.close();
  });
});
