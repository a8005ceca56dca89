import { parentPort } from "node:worker_threads";
import { type PageJob, readPage } from "./page-reading.js";
import { StoredCopyError, readStoredCopy } from "./stored-copy.js";

/** The page reader's worker thread: reads each page it is sent and answers with what it read. */
parentPort!.on("message", ({ id, job }: { id: number; job: PageJob }) => {
  try {
    const body = job.stored ? readStoredCopy(job.stored) : job.body;
    parentPort!.postMessage({ id, reading: readPage({ ...job, body }) });
  } catch (error) {
    const storedCopy = error instanceof StoredCopyError;
    parentPort!.postMessage({ id, error: (error as Error).message ?? String(error), storedCopy });
  }
});
