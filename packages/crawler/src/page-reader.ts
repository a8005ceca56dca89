import { Worker } from "node:worker_threads";
import type { PageJob, PageReading } from "./page-reading.js";
import { StoredCopyError } from "./stored-copy.js";

/** A page that could not be read within its budget (time or memory); the crawl goes on without it. */
export class PageReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PageReadError";
  }
}

export interface PageReaderOptions {
  /** Time one page may take to read. Default 10 000 ms. */
  timeoutMs?: number;
  /** Heap of the reading thread. Default 512 MB. */
  heapMb?: number;
}

/**
 * The worker script beside this module. Built, it is `dist/page-reader-worker.js`; tests run this
 * module from its `.ts` source, and the worker (which imports by `.js` specifiers) runs from the
 * package's build (turbo builds a package before testing it).
 */
const WORKER_FILE = new URL(
  import.meta.url.endsWith(".ts") ? "../dist/page-reader-worker.js" : "./page-reader-worker.js",
  import.meta.url,
);

interface Job {
  id: number;
  job: PageJob;
  resolve: (reading: PageReading) => void;
  reject: (error: Error) => void;
}

/**
 * Reads fetched pages on a worker thread, one at a time, each within a time budget: the crawl's main
 * thread only waits on it, so signals are handled at once however hostile a page is, and a page that
 * takes too long (or too much memory) has its thread stopped and replaced: the page fails, the crawl
 * goes on.
 */
export class PageReader {
  private worker: Worker | null = null;
  private current: Job | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private readonly timeoutMs: number;
  private readonly heapMb: number;

  constructor(options: PageReaderOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.heapMb = options.heapMb ?? 512;
  }

  read(job: PageJob): Promise<PageReading> {
    if (this.closed) return Promise.reject(new Error("the page reader is closed"));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, job, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error("the page reader is closed"));
    this.current?.reject(new Error("the page reader is closed"));
    this.current = null;
    if (this.timer) clearTimeout(this.timer);
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private start(): Worker {
    const worker = new Worker(WORKER_FILE, { resourceLimits: { maxOldGenerationSizeMb: this.heapMb } });
    worker.unref();
    worker.on(
      "message",
      (message: { id: number; reading?: PageReading; error?: string; storedCopy?: boolean }) => {
        const job = this.current;
        if (!job || job.id !== message.id) return;
        this.finish();
        if (message.reading) job.resolve(message.reading);
        else if (message.storedCopy) job.reject(new StoredCopyError(message.error ?? "no stored copy"));
        else job.reject(new PageReadError(`the page could not be read: ${message.error}`));
        this.dispatch();
      },
    );
    const lost = (error: Error | null) => {
      if (this.worker !== worker) return;
      this.worker = null;
      const job = this.current;
      this.finish();
      const outOfMemory = (error as NodeJS.ErrnoException | null)?.code === "ERR_WORKER_OUT_OF_MEMORY";
      job?.reject(
        new PageReadError(
          outOfMemory
            ? `reading the page needed more than ${this.heapMb} MB of memory`
            : `the page reader stopped: ${error?.message ?? "exited"}`,
        ),
      );
      if (!this.closed) this.dispatch();
    };
    worker.once("error", (error) => lost(error));
    worker.once("exit", () => lost(null));
    this.worker = worker;
    return worker;
  }

  private finish() {
    this.worker?.unref();
    this.current = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private dispatch(): void {
    if (this.current || this.closed) return;
    const job = this.queue.shift();
    if (!job) return;
    this.current = job;
    const worker = this.worker ?? this.start();
    worker.ref();
    this.timer = setTimeout(() => {
      if (this.current !== job) return;
      // Stopping the thread is the only way to stop a parse; the next page gets a new one.
      this.worker = null;
      this.finish();
      void worker.terminate();
      job.reject(new PageReadError(`the page took longer than ${this.timeoutMs} ms to read; not read`));
      this.dispatch();
    }, this.timeoutMs);
    // The body is copied by the message (a stored copy has none: the thread reads it itself). A view
    // of a larger buffer (a pooled Buffer) is copied out first, or all of that buffer would be.
    // Handing over a copy (a transfer) took three times as long on the crawl's thread: 42 µs a
    // 30 KB page against 13.
    const { body } = job.job;
    const own = body.byteLength === body.buffer.byteLength ? body : new Uint8Array(body);
    worker.postMessage({ id: job.id, job: { ...job.job, body: own } });
  }
}
