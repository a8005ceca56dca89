import { Worker } from "node:worker_threads";
import type { AgencyBatch, BatchOutcome } from "./grade-batch.js";
import type { GradeThreadAnswer, GradeThreadData, GradeThreadRequest } from "./grade-thread.js";

/**
 * The grading thread's script beside this module. Built, it is `dist/grade-thread.js`; tests run
 * this module from its `.ts` source, and a worker thread cannot run the `.ts` source, so it runs
 * from the package's build (turbo builds a package before testing it).
 */
const THREAD_FILE = new URL(
  import.meta.url.endsWith(".ts") ? "../dist/grade-thread.js" : "./grade-thread.js",
  import.meta.url,
);

/**
 * Each thread's heap. The young generation is what keeps a process's memory down: by default V8
 * sizes it by the machine's memory, and two threads grading at 3,000 agencies took 640 MB; with
 * 32 MB, 330 MB (batches of 50 agencies, as fast within the noise). The cap on the old generation
 * makes a batch too large for it fail the run with its reason instead of swapping.
 */
const THREAD_HEAP = { maxYoungGenerationSizeMb: 32, maxOldGenerationSizeMb: 384 };

interface Job {
  id: number;
  batch: AgencyBatch;
  resolve: (outcome: BatchOutcome) => void;
  reject: (error: Error) => void;
}

interface Thread {
  worker: Worker;
  job: Job | null;
  /** Why the thread ended before it was closed; its jobs and every later one fail with it. */
  lost: Error | null;
}

/**
 * Grading threads: each opens the store itself and grades the batches it is given (reading only),
 * so that a grade run uses every core; the stage's thread writes what they return. A thread that
 * dies fails its batch and the run (grading is deterministic: a retry would die the same way).
 */
export class GradeThreads {
  private readonly threads: Thread[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closing = false;

  constructor(size: number, data: GradeThreadData) {
    for (let i = 0; i < size; i++) this.threads.push(this.start(data));
  }

  get size(): number {
    return this.threads.length;
  }

  grade(batch: AgencyBatch): Promise<BatchOutcome> {
    if (this.closing) return Promise.reject(new Error("the grading threads are closed"));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, batch, resolve, reject });
      this.dispatch();
    });
  }

  /** Ends every thread (each closes its store); a thread that does not end within 10 s is terminated. */
  async close(): Promise<void> {
    this.closing = true;
    for (const job of this.queue.splice(0)) job.reject(new Error("the grading threads are closed"));
    await Promise.all(
      this.threads.map(async (thread) => {
        if (thread.lost) return;
        const ended = new Promise<void>((resolve) => thread.worker.once("exit", () => resolve()));
        thread.worker.postMessage({ close: true } satisfies GradeThreadRequest);
        const timer = setTimeout(() => void thread.worker.terminate(), 10_000);
        await ended;
        clearTimeout(timer);
      }),
    );
  }

  private start(data: GradeThreadData): Thread {
    const worker = new Worker(THREAD_FILE, { workerData: data, resourceLimits: THREAD_HEAP });
    const thread: Thread = { worker, job: null, lost: null };
    worker.on("message", (answer: GradeThreadAnswer) => {
      const job = thread.job;
      if (!job || job.id !== answer.id) return;
      thread.job = null;
      if ("outcome" in answer) job.resolve(answer.outcome);
      else {
        const { message, ...fields } = answer.error;
        job.reject(Object.assign(new Error(`grading failed: ${message}`), fields));
      }
      this.dispatch();
    });
    const lose = (error: Error) => {
      if (thread.lost) return;
      thread.lost = error;
      thread.job?.reject(error);
      thread.job = null;
      // No thread left: the queued batches would wait for ever.
      if (this.threads.every((t) => t.lost)) for (const job of this.queue.splice(0)) job.reject(error);
    };
    worker.once("error", (error) => lose(new Error(`a grading thread failed: ${error.message}`)));
    worker.once("exit", (code) => {
      if (!this.closing) lose(new Error(`a grading thread stopped (exit code ${code})`));
      else thread.lost ??= new Error("closed");
    });
    return thread;
  }

  private dispatch(): void {
    for (const thread of this.threads) {
      if (thread.job || thread.lost || this.queue.length === 0) continue;
      const job = this.queue.shift()!;
      thread.job = job;
      thread.worker.postMessage({ id: job.id, batch: job.batch } satisfies GradeThreadRequest);
    }
  }
}
