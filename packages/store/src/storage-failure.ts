import { StoreReadOnlyError } from "./errors.js";

/**
 * Local storage refused a write for a reason that no retry of the same item fixes: the disk is
 * full, or the data directory is read-only. A stage that meets one stops instead of recording it
 * against each item.
 */
export interface StorageFailure {
  kind: "full" | "read-only";
  /**
   * `ENOSPC`, `EDQUOT`, `SQLITE_FULL`, `EROFS`, `EACCES`, `EPERM`, `SQLITE_READONLY…`, or PostgreSQL's
   * SQLSTATE: `53100` (disk full), `25006` (read-only transaction: a standby, or a database set read-only).
   */
  code: string;
  /** The file the write went to, when the error names one (SQLite errors do not). */
  path: string | null;
}

const FULL = new Set(["ENOSPC", "EDQUOT", "SQLITE_FULL", "53100"]);
const READ_ONLY_DATABASE = new Set(["EROFS", "25006"]);
// Permission errors of calls that only write; a failed open or read may be about reading.
const WRITE_CALLS = new Set(["mkdir", "rename", "unlink", "rmdir", "write", "link", "symlink", "copyfile"]);

/**
 * Classifies an error (or any error in its `cause` chain) as a full disk or a read-only store.
 *
 * @example
 *   catch (error) { if (storageFailure(error)) throw error; recordItemFailure(error); }
 */
export function storageFailure(error: unknown): StorageFailure | null {
  for (let e = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    if (e instanceof StoreReadOnlyError) return { kind: "read-only", code: e.code, path: e.path };
    const { code, path, syscall } = e as NodeJS.ErrnoException;
    if (typeof code !== "string") continue;
    const at = typeof path === "string" ? path : null;
    if (FULL.has(code)) return { kind: "full", code, path: at };
    if (READ_ONLY_DATABASE.has(code) || code.startsWith("SQLITE_READONLY"))
      return { kind: "read-only", code, path: at };
    if ((code === "EACCES" || code === "EPERM") && syscall !== undefined && WRITE_CALLS.has(syscall))
      return { kind: "read-only", code, path: at };
  }
  return null;
}
