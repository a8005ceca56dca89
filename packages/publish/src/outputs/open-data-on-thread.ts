import path from "node:path";
import { Worker } from "node:worker_threads";
import { type Recorded, type Written, removeFile } from "../output-files.js";
import { tempPathFor } from "../temp-files.js";
import type { PublishRun } from "../output.js";
import type { OpenDataThreadAnswer, OpenDataThreadData, OpenDataThreadRequest } from "./open-data-thread.js";

/**
 * The thread's script beside this module. Built, it is `dist/outputs/open-data-thread.js`; tests run
 * this module from its `.ts` source, and a worker thread cannot run the `.ts` source, so it runs from
 * the package's build (turbo builds a package before testing it).
 */
const THREAD_FILE = new URL(
  import.meta.url.endsWith(".ts") ? "../../dist/outputs/open-data-thread.js" : "./open-data-thread.js",
  import.meta.url,
);

/**
 * The thread's heap: a batch of 100 agencies read whole, and the chunks being compressed. The young
 * generation capped as the grading threads' is (V8 sizes it by the machine's memory otherwise).
 */
const THREAD_HEAP = { maxYoungGenerationSizeMb: 32, maxOldGenerationSizeMb: 512 };

/** How long a thread told to stop may take to remove its partial files before it is ended. */
const STOP_WAIT_MS = 10_000;

/**
 * The open data written on a thread of its own (`open-data-thread.ts`) while this thread makes the
 * cards: on 2 cores a first publish of 3,000 agencies took 40–44 s with the open data written between
 * the cards, 28–30 s beside them (timed in turns). Started at once; `written` puts its files in place.
 */
export class OpenDataOnThread {
  private readonly worker: Worker;
  private readonly answer: Promise<OpenDataThreadAnswer>;
  private readonly outDir: string;

  constructor(
    run: PublishRun,
    /** The paths of the files it writes, relative to the output directory. */
    private readonly paths: readonly string[],
  ) {
    const recorded: Record<string, Recorded> = {};
    for (const p of paths) {
      const known = run.shared.get(p);
      if (known) recorded[p] = { sha256: known.sha256, bytes: known.bytes };
    }
    const data: OpenDataThreadData = {
      store: run.store.reopen,
      outDir: run.outDir,
      agencies: run.agencies,
      years: run.allYears,
      exporters: run.exporters.map((e) => e.extension),
      recorded,
    };
    this.worker = new Worker(THREAD_FILE, { workerData: data, resourceLimits: THREAD_HEAP });
    this.answer = new Promise((resolve, reject) => {
      this.worker.once("message", resolve);
      this.worker.once("error", (error) =>
        reject(new Error(`the open-data thread failed: ${error.message}`)),
      );
      this.worker.once("exit", (code) =>
        reject(new Error(`the open-data thread stopped (exit code ${code})`)),
      );
    });
    // Awaited by `written` or `abandon`; never left to reject unheard.
    this.answer.catch(() => undefined);
    this.outDir = run.outDir;
  }

  /** Puts the files in place once every one is written (a failure on the thread is thrown here). */
  async written(): Promise<Written[]> {
    this.worker.postMessage({ finish: true } satisfies OpenDataThreadRequest);
    const answer = await this.answer;
    if ("written" in answer) return answer.written;
    if ("error" in answer) throw new Error(`open data: ${answer.error}`);
    throw new Error("open data: the thread stopped before its files were written");
  }

  /** Stops the thread; its partial files are removed (by it, or here when it does not end in time). */
  async abandon(): Promise<void> {
    this.worker.postMessage({ abandon: true } satisfies OpenDataThreadRequest);
    const timer = setTimeout(() => void this.worker.terminate(), STOP_WAIT_MS);
    await this.answer.catch(() => undefined);
    clearTimeout(timer);
    await this.worker.terminate();
    // The thread shares this process's id: its temporary files are named as this thread's would be.
    for (const p of this.paths) await removeFile(tempPathFor(path.join(this.outDir, p)));
  }
}
