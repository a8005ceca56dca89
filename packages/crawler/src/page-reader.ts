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
  /**
   * Young generation of the reading thread (where a page's parse lives and dies). Default 48 MB: at
   * V8's default the thread spent a tenth more time (3.1-3.2 s of a 1,000-agency crawl against 2.7-2.9).
   */
  youngMb?: number;
  /** Pages sent to the thread ahead of its answers. Default 8 (4 and 16 did as well; 1 and 2 worse). */
  window?: number;
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
 * Reads fetched pages on a worker thread, each within a time budget: the crawl's main thread only
 * waits on it, so signals are handled at once however hostile a page is, and a page that takes too
 * long (or too much memory) has its thread stopped and replaced: the page fails, the crawl goes on.
 *
 * The thread reads its pages one at a time, in the order sent, and a few are sent ahead of its
 * answers (`window`): sent one by one, the thread waited for the crawl's thread between pages, idle
 * two thirds of a crawl while pages queued here (30 ms a page). A page's time budget starts when
 * the page before it is answered (or when it is sent, if none is ahead), so that no page is charged
 * for the pages before it. The page being read when the thread is stopped is the first one not
 * answered; those sent after it are sent again to the new thread.
 */
export class PageReader {
  private worker: Worker | null = null;
  /** Sent to the thread and not answered yet, in the order sent (the thread's order). */
  private readonly sent: Job[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private readonly timeoutMs: number;
  private readonly heapMb: number;
  private readonly youngMb: number;
  private readonly window: number;

  constructor(options: PageReaderOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.heapMb = options.heapMb ?? 512;
    this.youngMb = options.youngMb ?? 48;
    this.window = Math.max(1, options.window ?? 8);
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
    for (const job of [...this.sent.splice(0), ...this.queue.splice(0)])
      job.reject(new Error("the page reader is closed"));
    this.clearTimer();
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private start(): Worker {
    const worker = new Worker(WORKER_FILE, {
      resourceLimits: { maxOldGenerationSizeMb: this.heapMb, maxYoungGenerationSizeMb: this.youngMb },
    });
    worker.unref();
    worker.on(
      "message",
      (message: { id: number; reading?: PageReading; error?: string; storedCopy?: boolean }) => {
        const job = this.sent[0];
        if (this.worker !== worker || !job || job.id !== message.id) return;
        this.sent.shift();
        this.answered();
        if (message.reading) job.resolve(message.reading);
        else if (message.storedCopy) job.reject(new StoredCopyError(message.error ?? "no stored copy"));
        else job.reject(new PageReadError(`the page could not be read: ${message.error}`));
        this.dispatch();
      },
    );
    const lost = (error: Error | null) => {
      if (this.worker !== worker) return;
      const outOfMemory = (error as NodeJS.ErrnoException | null)?.code === "ERR_WORKER_OUT_OF_MEMORY";
      this.replace(
        new PageReadError(
          outOfMemory
            ? `reading the page needed more than ${this.heapMb} MB of memory`
            : `the page reader stopped: ${error?.message ?? "exited"}`,
        ),
      );
    };
    worker.once("error", (error) => lost(error));
    worker.once("exit", () => lost(null));
    this.worker = worker;
    return worker;
  }

  /**
   * The thread is stopped (or lost) while reading the first page not answered: that page fails with
   * `error`, the pages sent after it go back to the front of the queue, for a new thread.
   */
  private replace(error: PageReadError): void {
    const worker = this.worker;
    this.worker = null;
    this.clearTimer();
    const [failed, ...resend] = this.sent.splice(0);
    this.queue.unshift(...resend);
    if (worker) void worker.terminate();
    failed?.reject(error);
    if (!this.closed) this.dispatch();
  }

  /** The first page was answered: the next one's budget starts now; an idle thread keeps no process alive. */
  private answered(): void {
    this.clearTimer();
    if (this.sent.length > 0) this.arm();
    else this.worker?.unref();
  }

  /** The budget of the first page sent and not answered. */
  private arm(): void {
    const job = this.sent[0]!;
    this.timer = setTimeout(() => {
      if (this.sent[0] !== job) return;
      // Stopping the thread is the only way to stop a parse; the next page gets a new one.
      this.replace(new PageReadError(`the page took longer than ${this.timeoutMs} ms to read; not read`));
    }, this.timeoutMs);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private dispatch(): void {
    if (this.closed) return;
    while (this.sent.length < this.window && this.queue.length > 0) {
      const job = this.queue.shift()!;
      const worker = this.worker ?? this.start();
      worker.ref();
      this.sent.push(job);
      if (this.sent.length === 1) this.arm();
      // The body is copied by the message (a stored copy has none: the thread reads it itself). A view
      // of a larger buffer (a pooled Buffer) is copied out first, or all of that buffer would be.
      // Handing over a copy (a transfer) took three times as long on the crawl's thread: 42 µs a
      // 30 KB page against 13.
      const { body } = job.job;
      const own = body.byteLength === body.buffer.byteLength ? body : new Uint8Array(body);
      worker.postMessage({ id: job.id, job: { ...job.job, body: own } });
    }
  }
}
