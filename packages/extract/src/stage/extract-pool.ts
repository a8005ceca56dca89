import { Worker } from "node:worker_threads";
import type { ExtractInput, ExtractResult } from "../types.js";

/** An extraction that did not come back: the worker ran out of memory or crashed. */
export class ExtractWorkerError extends Error {
  constructor(
    message: string,
    readonly outOfMemory: boolean,
  ) {
    super(message);
    this.name = "ExtractWorkerError";
  }
}

/**
 * The worker script (`@touming/extract/worker`) beside this module. Built, it is `dist/worker.js`;
 * tests run this module from its `.ts` source, and the worker (which imports the whole extractor
 * by `.js` specifiers) cannot run from source in a worker thread, so it runs from the package's
 * build (turbo builds a package before testing it).
 */
export function workerFileFor(moduleUrl: string): URL {
  return new URL(moduleUrl.endsWith(".ts") ? "../../dist/worker.js" : "../worker.js", moduleUrl);
}

const WORKER_FILE = workerFileFor(import.meta.url);

interface Job {
  id: number;
  input: ExtractInput;
  resolve: (result: ExtractResult) => void;
  reject: (error: Error) => void;
}

interface Slot {
  /** null after the worker died; a new one starts when the next document needs it. */
  worker: Worker | null;
  job: Job | null;
}

/**
 * Runs `extractAsync` on worker threads, each with its own heap cap, so that extraction uses every
 * core while the stage's main thread writes to the store, and a document that exhausts memory
 * kills only its worker (replaced for the next document) instead of the run.
 */
export class ExtractPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    size: number,
    private readonly heapMb = 384,
  ) {
    for (let i = 0; i < size; i++) {
      const slot: Slot = { worker: null, job: null };
      this.start(slot);
      this.slots.push(slot);
    }
  }

  get size(): number {
    return this.slots.length;
  }

  extract(input: ExtractInput): Promise<ExtractResult> {
    if (this.closed) return Promise.reject(new Error("the extract pool is closed"));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, input, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error("the extract pool is closed"));
    await Promise.all(this.slots.map((s) => s.worker?.terminate()));
  }

  private start(slot: Slot): Worker {
    const worker = new Worker(WORKER_FILE, {
      resourceLimits: { maxOldGenerationSizeMb: this.heapMb },
    });
    slot.worker = worker;
    worker.on("message", (message: { id: number; result?: ExtractResult; crash?: string }) => {
      const job = slot.job;
      if (!job || job.id !== message.id) return;
      slot.job = null;
      if (message.result) job.resolve(message.result);
      else job.reject(new ExtractWorkerError(`extraction crashed: ${message.crash}`, false));
      this.dispatch();
    });
    let ended = false;
    const lost = (error: Error | null) => {
      if (ended) return;
      ended = true;
      const job = slot.job;
      slot.job = null;
      if (slot.worker === worker) slot.worker = null;
      const outOfMemory = (error as NodeJS.ErrnoException | null)?.code === "ERR_WORKER_OUT_OF_MEMORY";
      job?.reject(
        new ExtractWorkerError(
          outOfMemory
            ? `extraction needed more than ${this.heapMb} MB of memory`
            : `extraction worker stopped: ${error?.message ?? "exited"}`,
          outOfMemory,
        ),
      );
      if (!this.closed) this.dispatch();
    };
    worker.once("error", (error) => lost(error));
    worker.once("exit", () => lost(null));
    return worker;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.job || this.queue.length === 0) continue;
      const job = this.queue.shift()!;
      slot.job = job;
      const worker = slot.worker ?? this.start(slot);
      const bytes = job.input.bytes;
      // A copy the worker owns (a Buffer may share a pooled ArrayBuffer that must not be moved).
      const own = new Uint8Array(bytes.byteLength);
      own.set(bytes);
      worker.postMessage({ id: job.id, input: { ...job.input, bytes: own } }, [own.buffer]);
    }
  }
}
