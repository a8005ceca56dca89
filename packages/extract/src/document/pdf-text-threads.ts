import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { MAX_PDF_HEAP_MB } from "../limits.js";

/**
 * The worker threads that run pdf.js (pdf-text-worker.ts), kept alive between PDFs: starting a
 * thread and loading pdf.js into it takes some 200 ms, more than reading a whole report once it is
 * warm. A thread reads one PDF at a time; an idle one is unref'd, so it never keeps the process alive.
 */

/** A thread reads this many PDFs, then a fresh one replaces it: whatever pdf.js keeps stays bounded. */
export const PDF_THREAD_JOBS = 100;

/** Idle threads kept for the next PDFs: as many as PDFs read at once on this machine, no more. */
const MAX_IDLE = Math.max(1, availableParallelism());

export interface PdfThread {
  worker: Worker;
  /** PDFs this thread has been given. */
  jobs: number;
  /** While idle: drops the thread from the idle list should it die. */
  onIdleExit?: () => void;
}

const idle: PdfThread[] = [];

function workerFile(): URL {
  const here = import.meta.url;
  if (!here.endsWith(".ts")) return new URL("./pdf-text-worker.js", here);
  // Tests run the sources, and a worker thread gets no TypeScript transform: the worker runs from
  // its own .ts where Node strips types (22.18 on), and from the build before that.
  const file = process.features.typescript
    ? "./pdf-text-worker.ts"
    : "../../dist/document/pdf-text-worker.js";
  return new URL(file, here);
}

/** An idle thread, or a new one; referenced (it keeps the process alive) until given back. */
export function takePdfThread(): PdfThread {
  const thread = idle.pop() ?? {
    worker: new Worker(workerFile(), { resourceLimits: { maxOldGenerationSizeMb: MAX_PDF_HEAP_MB } }),
    jobs: 0,
  };
  if (thread.onIdleExit) thread.worker.off("exit", thread.onIdleExit);
  thread.onIdleExit = undefined;
  thread.jobs++;
  thread.worker.ref();
  return thread;
}

/**
 * A thread whose PDF was read to the end, its listeners removed (not with removeAllListeners: that
 * would also drop the Worker's own): kept idle for the next one, unless it has read its share or
 * enough threads wait already.
 */
export function givePdfThreadBack(thread: PdfThread): void {
  if (thread.jobs >= PDF_THREAD_JOBS || idle.length >= MAX_IDLE) {
    void thread.worker.terminate();
    return;
  }
  thread.worker.unref();
  // A thread that dies while idle (it should not) is not handed out again.
  thread.onIdleExit = () => {
    const at = idle.indexOf(thread);
    if (at >= 0) idle.splice(at, 1);
  };
  thread.worker.once("exit", thread.onIdleExit);
  idle.push(thread);
}

/** A thread that failed, was stopped or ran out of memory: ended, never reused. */
export function retirePdfThread(thread: PdfThread): void {
  void thread.worker.terminate();
}

/** Threads waiting idle now. */
export function idlePdfThreads(): number {
  return idle.length;
}
