import type { CrawlBatchWritten } from "../queries/crawl-batch.js";
import { StoreReadOnlyError } from "../errors.js";

/** An error as it crosses between threads: what `storageFailure` and the CLI's one-line reason read. */
export interface ThreadError {
  name: string;
  message: string;
  code?: string;
  /** StoreReadOnlyError's directory or file. */
  path?: string;
}

/** What the batch writer's thread says: opened, a batch written or not, or that it could not open. */
export type ThreadAnswer =
  | { type: "ready" }
  | { type: "written"; id: number; written: CrawlBatchWritten }
  | { type: "refused"; id: number; error: ThreadError }
  | { type: "failed"; error: ThreadError };

export function errorToThread(error: unknown): ThreadError {
  if (!(error instanceof Error)) return { name: "Error", message: String(error) };
  const { code, path } = error as { code?: unknown; path?: unknown };
  return {
    name: error.name,
    message: error.message,
    ...(typeof code === "string" ? { code } : {}),
    ...(typeof path === "string" ? { path } : {}),
  };
}

/** The error again, with its name, message and code (a read-only store's as a StoreReadOnlyError). */
export function errorFromThread(sent: ThreadError): Error {
  if (sent.name === "StoreReadOnlyError" && sent.path !== undefined && sent.code !== undefined)
    return new StoreReadOnlyError(sent.path, sent.code);
  const error = new Error(sent.message) as Error & { code?: string };
  error.name = sent.name;
  if (sent.code !== undefined) error.code = sent.code;
  return error;
}
