import type { Kysely } from "kysely";
import type { Database } from "../schema.js";

/** The databases the store runs on: SQLite embedded (the default), PostgreSQL for several machines. */
export type DialectName = "sqlite" | "postgres";

/** A lock held by one database session until it is released or the session ends (a crash releases it). */
export interface SessionLock {
  release(): Promise<void>;
}

/**
 * One database as the store sees it: the typed handle plus what differs between engines. The rest
 * of the store is one code path over `db`; what an engine needs of its own lives in its file here
 * (`sqlite.ts`, `postgres.ts`), as Kysely keeps one folder per dialect.
 */
export interface StoreDialect {
  readonly name: DialectName;
  readonly db: Kysely<Database>;
  /** Where the data is, for messages: the SQLite file, or the PostgreSQL URL without its password. */
  readonly location: string;
  /** The SQLite file, or null on PostgreSQL. */
  readonly dbFile: string | null;
  /** Most bind parameters one statement may carry (SQLite 32 766, PostgreSQL 65 535). */
  readonly maxParameters: number;
  /**
   * Takes the named lock for this process's own session, or returns null when another session holds
   * it. Absent on SQLite, where one machine's stage locks are rows checked against live processes.
   */
  sessionLock?(name: string): Promise<SessionLock | null>;
  close(): Promise<void>;
}
