import { parentPort } from "node:worker_threads";
import type { PageJob } from "./page-reading.js";
import { StoredCopyError, readPageJob } from "./stored-copy.js";

/** The page reader's worker thread: reads each page it is sent and answers with what it read. */
parentPort!.on("message", ({ id, job }: { id: number; job: PageJob }) => {
  try {
    parentPort!.postMessage({ id, reading: readPageJob(job) });
  } catch (error) {
    const storedCopy = error instanceof StoredCopyError;
    parentPort!.postMessage({ id, error: (error as Error).message ?? String(error), storedCopy });
  }
});
