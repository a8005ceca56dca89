import { Worker } from "node:worker_threads";
import type { Kysely } from "kysely";
import type { Store } from "../open-store.js";
import { type CrawlBatch, type CrawlBatchWritten, recordCrawlBatch } from "../queries/crawl-batch.js";
import type { Database } from "../schema.js";
import { type ThreadAnswer, errorFromThread } from "./thread-messages.js";

/**
 * Where a crawl's batches (`recordCrawlBatch`) are written: on the store's own connection, or on a
 * thread of their own with a connection of its own (`openCrawlBatchWriter`). Writes are made in the
 * order they are asked for, one at a time.
 */
export interface CrawlBatchWriter {
  write(batch: CrawlBatch): Promise<CrawlBatchWritten>;
  /** Waits for the writes asked for, then lets go of what the writer holds (its thread). */
  close(): Promise<void>;
}

/** Batches written on `db`'s connection, in this thread. */
export function batchWriterOn(db: Kysely<Database>): CrawlBatchWriter {
  return { write: (batch) => recordCrawlBatch(db, batch), close: async () => {} };
}

/**
 * The writer a crawl of this store uses. SQLite: a thread of its own, with its own connection to the
 * file. A batch's transaction (a few hundred rows, five indexes on documents) was a fifth of the
 * crawl's busiest thread; WAL lets the crawl's connection read meanwhile, and the store's
 * transactions begin IMMEDIATE so that neither connection's read-then-write loses to the other.
 * PostgreSQL: the store's pool (the server does the work).
 *
 * @example
 *   const writer = await openCrawlBatchWriter(store);
 *   try { await crawl({ db: store.db, blobs: store.blobs, writer }); } finally { await writer.close(); }
 */
export async function openCrawlBatchWriter(store: Store): Promise<CrawlBatchWriter> {
  if (store.dialect.name !== "sqlite" || !store.dbFile) return batchWriterOn(store.db);
  return BatchWriterThread.start(store.dbFile, store.reopen.busyTimeoutMs);
}

const THREAD_FILE = new URL(
  // Under vitest this module is the TypeScript source; the thread runs the built file.
  import.meta.url.endsWith(".ts") ? "../../dist/crawl-batches/batch-thread.js" : "./batch-thread.js",
  import.meta.url,
);

interface Waiting {
  resolve(written: CrawlBatchWritten): void;
  reject(error: Error): void;
}

/**
 * A thread writing batches to an SQLite file. When it fails to start or stops, every write asked
 * for and every later one rejects with why; a write's own error (a full disk: `SQLITE_FULL`) comes
 * back with its name, message and code.
 */
class BatchWriterThread implements CrawlBatchWriter {
  private readonly pending = new Map<number, Waiting>();
  private nextId = 1;
  /** Settles, either way, when the last write asked for does (the thread writes in order). */
  private lastWrite: Promise<unknown> = Promise.resolve();
  private stopped: Error | null = null;
  private readonly exited: Promise<void>;

  private constructor(private readonly worker: Worker) {
    this.exited = new Promise((resolve) => worker.once("exit", () => resolve()));
    worker.on("message", (answer: ThreadAnswer) => {
      if (answer.type === "ready" || answer.type === "failed") return;
      const waiting = this.pending.get(answer.id);
      this.pending.delete(answer.id);
      if (answer.type === "written") waiting?.resolve(answer.written);
      else waiting?.reject(errorFromThread(answer.error));
    });
    worker.on("error", (error) => this.stop(error));
    worker.once("exit", (code) =>
      this.stop(new Error(`the crawl's batch writer thread ended (exit code ${code})`)),
    );
  }

  static async start(dbFile: string, busyTimeoutMs: number | undefined): Promise<BatchWriterThread> {
    // Its garbage is a few batches: a small young generation (V8's default grows to 16 MB semi-spaces).
    const worker = new Worker(THREAD_FILE, {
      workerData: { dbFile, busyTimeoutMs },
      resourceLimits: { maxYoungGenerationSizeMb: 4 },
    });
    await new Promise<void>((resolve, reject) => {
      const failed = (error: Error) => reject(error);
      const ended = (code: number) =>
        reject(
          new Error(`the crawl's batch writer thread ended before it opened ${dbFile} (exit code ${code})`),
        );
      worker.once("error", failed);
      worker.once("exit", ended);
      worker.once("message", (answer: ThreadAnswer) => {
        worker.off("error", failed);
        worker.off("exit", ended);
        if (answer.type === "ready") resolve();
        else if (answer.type === "failed") reject(errorFromThread(answer.error));
      });
    });
    return new BatchWriterThread(worker);
  }

  write(batch: CrawlBatch): Promise<CrawlBatchWritten> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    const written = new Promise<CrawlBatchWritten>((resolve, reject) =>
      this.pending.set(id, { resolve, reject }),
    );
    this.lastWrite = written.catch(() => {});
    this.worker.postMessage({ type: "write", id, batch });
    return written;
  }

  async close(): Promise<void> {
    await this.lastWrite;
    if (!this.stopped) this.worker.postMessage({ type: "close" });
    await this.exited;
  }

  private stop(error: Error): void {
    this.stopped ??= error;
    for (const waiting of this.pending.values()) waiting.reject(this.stopped);
    this.pending.clear();
  }
}
