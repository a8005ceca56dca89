import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type Store, openStore, recordDocumentContent, upsertAgencies, upsertDocument } from "@touming/store";
import { createTestDatabase, sleep, testAgency, useCleanups, useTempDirs } from "@touming/testing";
import { sql } from "kysely";
import { describe, expect, it, vi } from "vitest";
import { Coordinator } from "./coordinator.js";
import { runRenderJobs } from "./job-handlers.js";
import { openJobQueues } from "./job-queues.js";
import { deadLetters, enqueue, hasJobQueues } from "./job-tracking.js";
import { describeUnsettled, unsettledJobs } from "./leftover-jobs.js";
import { runWorker } from "./worker.js";

const tempDir = useTempDirs();
const defer = useCleanups();
const silent = { info: () => {}, warn: () => {} };
/** Quick retries: one more attempt, a second later. */
const queues = { retries: { limit: 1, delaySeconds: 1 }, superviseSeconds: 1 };

/** A PostgreSQL store with its blobs in the database, as a worker on another machine opens it. */
async function postgresStore(): Promise<{ store: Store; url: string }> {
  const database = await createTestDatabase();
  defer(() => database.drop());
  const store = await openStore({ dataDir: tempDir(), databaseUrl: database.url, blobStore: "database" });
  defer(() => store.close());
  return { store, url: database.url };
}

function startWorker(store: Store, url: string, stages: ("crawl" | "extract" | "render")[]) {
  const stop = new AbortController();
  const done = runWorker({
    store,
    databaseUrl: url,
    stages,
    clock: () => new Date(),
    log: silent,
    signal: stop.signal,
    pollSeconds: 0.5,
    queues,
  });
  defer(async () => {
    stop.abort();
    await done.catch(() => {});
  });
  return { stop: () => (stop.abort(), done) };
}

/** The coordinator's side on the same database, closed after the test. */
async function openCoordinator(
  store: Store,
  url: string,
  signal = new AbortController().signal,
): Promise<Coordinator> {
  const coordinator = await Coordinator.open({ store, databaseUrl: url, log: silent, signal, queues });
  defer(() => coordinator.close());
  return coordinator;
}

describe("workers", () => {
  it("the coordinator enqueues each document to extract; a worker extracts each once", async () => {
    const { store, url } = await postgresStore();
    await upsertAgencies(store.db, [testAgency({ id: "a" })]);
    for (const name of ["x", "y", "z"]) {
      const { id } = await upsertDocument(store.db, {
        agencyId: "a",
        url: `https://a.example/${name}.html`,
        kind: "article",
      });
      const { sha256 } = await store.blobs.put(Buffer.from(`<html><body><p>通知 ${name}</p></body></html>`));
      await recordDocumentContent(store.db, id, { sha256, contentType: "text/html" });
    }
    const worker = startWorker(store, url, ["extract"]);
    const coordinator = await openCoordinator(store, url);
    const first = await coordinator.extract();
    expect(first).toMatchObject({ jobs: 3, done: 3, failed: 0, totals: { documents: 3 } });
    const states = await store.db.selectFrom("documents").select("extraction_state").execute();
    expect(states.map((s) => s.extraction_state)).toEqual(["skipped", "skipped", "skipped"]);
    // Nothing is left to extract: nothing is enqueued again.
    expect(await coordinator.extract()).toMatchObject({ jobs: 0, done: 0, failed: 0 });
    expect((await worker.stop()).extract).toEqual({ done: 3, failed: 0 });
  });

  it("a job that keeps failing is retried, then dead-lettered with its error", async () => {
    const { store, url } = await postgresStore();
    expect(await hasJobQueues(store.db)).toBe(false);
    expect(await deadLetters(store.db)).toEqual({ total: 0, latest: [] });
    const worker = startWorker(store, url, ["crawl"]);
    const coordinator = await openCoordinator(store, url);
    // An agency the registry does not hold: every attempt fails the same way.
    expect(await coordinator.crawl(["gone-agency"])).toMatchObject({ jobs: 1, done: 0, failed: 1 });
    const dead = await deadLetters(store.db);
    expect(dead.total).toBe(1);
    expect(dead.latest[0]).toMatchObject({
      queue: "touming-crawl",
      data: { agencyId: "gone-agency" },
      error: expect.stringContaining("unknown agency: gone-agency"),
    });
    expect((await worker.stop()).crawl).toEqual({ done: 0, failed: 2 });
  }, 60_000);

  it("a render batch prints each page; a page that cannot be printed fails only its own job", async () => {
    const outDir = tempDir();
    mkdirSync(path.join(outDir, "cards", "a"), { recursive: true });
    writeFileSync(
      path.join(outDir, "cards", "a", "2024.html"),
      "<!doctype html><meta charset=utf-8><h1>某局 2024</h1>",
    );
    const job = (page: string) => ({
      page,
      header: "某局 · 2024年度报告评估",
      generatedOn: "2026-02-01",
      kind: "card-pdf",
      agencyId: "a",
      year: 2024,
    });
    const outcomes = await runRenderJobs([job("cards/a/2024.html"), job("cards/a/missing.html")], {
      outDir,
      renderer: {},
      signal: new AbortController().signal,
    });
    expect(outcomes[0]).toMatchObject({ path: "cards/a/2024.pdf", changed: true });
    expect((outcomes[0] as { bytes: number }).bytes).toBeGreaterThan(1000);
    expect(outcomes[1]).toBeInstanceOf(Error);
  }, 120_000);
});

describe("jobs an earlier run left", () => {
  /** The crawl queue's jobs by id: their state. */
  const statesOf = async (store: Store) => {
    const { rows } = await sql<{ id: string; state: string; agency: string }>`
      select id::text as id, state::text as state, data->>'agencyId' as agency from pgboss.job
      where name = 'touming-crawl' order by created_on, agency`.execute(store.db);
    return rows;
  };

  /** An earlier run's crawl jobs, one per agency, the first taken by a worker (running); their ids. */
  async function earlierRun(store: Store, url: string, agencyIds: string[]): Promise<string[]> {
    const boss = await openJobQueues(url, queues);
    defer(() => boss.stop({ graceful: false, timeout: 5_000 }));
    const ids = await enqueue(
      boss,
      "crawl",
      agencyIds.map((agencyId) => ({ agencyId })),
    );
    await sql`update pgboss.job set state = 'active', started_on = now(), heartbeat_on = now()
      where id = ${ids[0]}::uuid`.execute(store.db);
    return ids;
  }

  it("are counted per stage; the next coordinator cancels the queued ones and waits for the running one", async () => {
    const { store, url } = await postgresStore();
    // A coordinator killed after enqueueing: one job taken by a worker (running), one still queued.
    const [running, queued] = await earlierRun(store, url, ["a", "b"]);
    const left = await unsettledJobs(store.db);
    expect(left).toEqual({
      crawl: { queued: 1, running: 1 },
      extract: { queued: 0, running: 0 },
      render: { queued: 0, running: 0 },
    });
    expect(describeUnsettled(left)).toBe("1 crawl job queued, 1 crawl job running");

    const stop = new AbortController();
    const coordinator = await openCoordinator(store, url, stop.signal);
    const crawling = coordinator.crawl(["a", "b"]);
    // The queued one is cancelled; nothing new is enqueued while the running one runs.
    await vi.waitFor(
      async () =>
        expect((await statesOf(store)).map((j) => [j.id, j.state])).toEqual([
          [running, "active"],
          [queued, "cancelled"],
        ]),
      { timeout: 10_000, interval: 100 },
    );
    await sleep(1500);
    expect(await statesOf(store)).toHaveLength(2);
    // It ends: this run's own jobs are enqueued.
    await sql`update pgboss.job set state = 'completed', completed_on = now() where id = ${running}::uuid`.execute(
      store.db,
    );
    await vi.waitFor(
      async () =>
        expect((await statesOf(store)).slice(2).map((j) => [j.agency, j.state])).toEqual([
          ["a", "created"],
          ["b", "created"],
        ]),
      { timeout: 10_000, interval: 100 },
    );
    stop.abort();
    expect(await crawling).toMatchObject({ jobs: 2, done: 0, failed: 0 });
  }, 60_000);

  it("a coordinator stopped while an earlier run's job still runs enqueues nothing beside it", async () => {
    const { store, url } = await postgresStore();
    const [running] = await earlierRun(store, url, ["a"]);
    const stop = new AbortController();
    const coordinator = await openCoordinator(store, url, stop.signal);
    const crawling = coordinator.crawl(["a", "b"]);
    await sleep(1000);
    stop.abort();
    expect(await crawling).toEqual({ jobs: 0, done: 0, failed: 0, totals: {} });
    expect((await statesOf(store)).map((j) => [j.id, j.state])).toEqual([[running, "active"]]);
  }, 60_000);
});
