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

/**
 * Why a batch failed, as plain data: the message, and the code, path and system call of the first
 * error in its chain that has them (a full disk, a read-only directory, a refused connection), so
 * that the command says what a failure on its own thread would have said.
 */
export interface ThreadFailure {
  message: string;
  code?: string;
  path?: string;
  syscall?: string;
}

/** A grading thread's answer: the batch's outcome, or why it failed. */
export type GradeThreadAnswer = { id: number; outcome: BatchOutcome } | { id: number; error: ThreadFailure };

/** An error as a grading thread answers it. */
function failureOf(error: unknown): ThreadFailure {
  const failure: ThreadFailure = { message: error instanceof Error ? error.message : String(error) };
  for (let e = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    const { code, path, syscall } = e as NodeJS.ErrnoException;
    if (typeof code !== "string") continue;
    return {
      ...failure,
      code,
      ...(typeof path === "string" ? { path } : {}),
      ...(typeof syscall === "string" ? { syscall } : {}),
    };
  }
  return failure;
}

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
        port.postMessage({ id: message.id, error: failureOf(error) } satisfies GradeThreadAnswer),
    );
});
