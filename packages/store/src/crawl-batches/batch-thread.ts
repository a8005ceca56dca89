import { parentPort, workerData } from "node:worker_threads";
import { openSqlite } from "../dialects/sqlite.js";
import { recordCrawlBatch } from "../queries/crawl-batch.js";
import type { CrawlBatch } from "../queries/crawl-batch.js";
import { type ThreadAnswer, errorToThread } from "./thread-messages.js";

// The batch writer's thread (batch-writer.ts): its own connection to the store's SQLite file, which
// the opening process has migrated. Batches are written one after another, in the order they come.

type Request = { type: "write"; id: number; batch: CrawlBatch } | { type: "close" };

const port = parentPort!;
const { dbFile, busyTimeoutMs } = workerData as { dbFile: string; busyTimeoutMs?: number };
const say = (answer: ThreadAnswer) => port.postMessage(answer);

let dialect: ReturnType<typeof openSqlite>;
try {
  // Appending batches touches few pages: SQLite's own default cache (2 MB), not the 16 MB the
  // crawl's reading connection keeps. A batch's multi-row statements come in as many shapes as row
  // counts, each compiled to hundreds of KB: the few a batch always makes are kept, not 500 (a
  // 3,000-agency crawl kept 109, and its peak memory grew with the registry).
  dialect = openSqlite(dbFile, {
    cacheKb: 2_000,
    statementsKept: 32,
    ...(busyTimeoutMs !== undefined ? { busyTimeoutMs } : {}),
  });
  say({ type: "ready" });
} catch (error) {
  say({ type: "failed", error: errorToThread(error) });
  process.exit(1);
}

let queue = Promise.resolve();
port.on("message", (request: Request) => {
  queue = queue.then(async () => {
    if (request.type === "close") {
      await dialect.close();
      port.close();
      return;
    }
    try {
      say({ type: "written", id: request.id, written: await recordCrawlBatch(dialect.db, request.batch) });
    } catch (error) {
      say({ type: "refused", id: request.id, error: errorToThread(error) });
    }
  });
});
