import { parentPort } from "node:worker_threads";
import { type PageJob, readPage } from "./page-reading.js";

/** The page reader's worker thread: reads each page it is sent and answers with what it read. */
parentPort!.on("message", ({ id, job }: { id: number; job: PageJob }) => {
  try {
    parentPort!.postMessage({ id, reading: readPage(job) });
  } catch (error) {
    parentPort!.postMessage({ id, error: (error as Error).message ?? String(error) });
  }
});
