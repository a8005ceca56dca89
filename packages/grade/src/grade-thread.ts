import { parentPort, workerData } from "node:worker_threads";
import { type StoreOptions, openStore } from "@touming/store";
import { BUILT_IN_DIMENSIONS } from "./dimensions/index.js";
import { type AgencyBatch, type BatchOutcome, type BatchSetting, gradeBatch } from "./grade-batch.js";

/** What a grading thread is started with: how to open the store, and the run's setting but the dimensions (the built-in ones). */
export interface GradeThreadData {
  store: StoreOptions;
  setting: Omit<BatchSetting, "dimensions">;
}

/** A message to a grading thread: a batch to grade, or the end of the run. */
export type GradeThreadRequest = { id: number; batch: AgencyBatch } | { close: true };

/** A grading thread's answer: the batch's outcome, or why it failed. */
export type GradeThreadAnswer = { id: number; outcome: BatchOutcome } | { id: number; error: string };

/**
 * A grading thread: opens the store itself (its own connection, reading only) and grades the
 * batches it is sent, one at a time, with the built-in dimensions; on `close` it closes the store
 * and ends.
 */
const port = parentPort;
if (!port) throw new Error("the grading thread runs inside a worker thread");
const data = workerData as GradeThreadData;
const setting: BatchSetting = { ...data.setting, dimensions: BUILT_IN_DIMENSIONS };
const opened = openStore(data.store);
// An open that fails is answered to each batch; this keeps it from being an unhandled rejection.
opened.catch(() => {});

port.on("message", (message: GradeThreadRequest) => {
  if ("close" in message) {
    void opened
      .then((store) => store.close())
      .catch(() => {})
      .finally(() => port.close());
    return;
  }
  opened
    .then((store) => gradeBatch(store.db, message.batch, setting))
    .then(
      (outcome) => port.postMessage({ id: message.id, outcome } satisfies GradeThreadAnswer),
      (error: unknown) =>
        port.postMessage({
          id: message.id,
          error: (error as Error)?.message ?? String(error),
        } satisfies GradeThreadAnswer),
    );
});
