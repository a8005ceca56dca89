import path from "node:path";
import { storageFailure } from "@touming/store";
import { oneLine } from "./stage-run.js";

/**
 * The one line `touming: …` prints for a failed command. A full disk or a read-only data
 * directory is said in those words, whichever layer (SQLite, the blob store, an output file) met it.
 */
export function failureReason(error: unknown, store: { dataDir: string; dbFile: string | null }): string {
  const failure = storageFailure(error);
  if (!failure) return oneLine(error);
  if (failure.path === null && store.dbFile === null) {
    // PostgreSQL said it (SQLSTATE 53100 or 25006): the server's disk, or a server that takes no writes.
    if (failure.kind === "full")
      return `the database server's disk is full (${failure.code}); free space on it and run the command again`;
    return `the database refuses writes (${failure.code}): it is a standby or set read-only; point --database-url at the primary`;
  }
  const target = failure.path ?? store.dbFile ?? "the database";
  const what = `cannot write ${target} (${failure.code})`;
  if (failure.kind === "full") return `the disk is full: ${what}; free some space and run the command again`;
  const inside = (dir: string) => target === dir || target.startsWith(dir + path.sep);
  // The data directory itself, a file in it, or the directory it was to be created in.
  if (inside(store.dataDir) || store.dataDir.startsWith(target + path.sep))
    return `the data directory ${store.dataDir} is read-only: ${what}; make it writable or choose another with --data-dir`;
  if (target === store.dbFile)
    return `the database ${store.dbFile} is read-only: ${what}; make it writable or choose another with --db`;
  return `${path.dirname(target)} is read-only: ${what}; make it writable or write elsewhere`;
}
