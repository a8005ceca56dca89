import { mkdirSync } from "node:fs";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, SqliteDialect, type SqliteStatement } from "kysely";
import { StoreOpenError } from "../errors.js";
import type { Database } from "../schema.js";
import { SQLITE_MAX_PARAMETERS } from "./statement-rows.js";
import type { StoreDialect } from "./store-dialect.js";

/** Opens (creating it if needed) the SQLite file in WAL mode with foreign keys on. */
export function openSqlite(
  dbFile: string,
  options: {
    busyTimeoutMs?: number;
    /** The page cache's cap (KB). Default better-sqlite3's, 16 000. */
    cacheKb?: number;
    /**
     * Prepared statements kept for reuse, the most recently used. Default 500. Each keeps its compiled
     * form, hundreds of KB for a statement of hundreds of rows.
     */
    statementsKept?: number;
  } = {},
): StoreDialect {
  let sqlite: SqliteDatabase.Database;
  try {
    mkdirSync(path.dirname(dbFile), { recursive: true });
    sqlite = new SqliteDatabase(dbFile, { timeout: options.busyTimeoutMs ?? 10_000 });
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("foreign_keys = ON");
    sqlite.pragma("synchronous = NORMAL");
    if (options.cacheKb !== undefined) sqlite.pragma(`cache_size = ${-Math.round(options.cacheKb)}`);
  } catch (error) {
    throw new StoreOpenError(`${dbFile}: cannot open the database: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: reusingStatements(sqlite, options.statementsKept ?? 500) }),
  });
  return {
    name: "sqlite",
    db,
    location: dbFile,
    dbFile,
    maxParameters: SQLITE_MAX_PARAMETERS,
    close: () => db.destroy(),
  };
}

/** What a ROLLBACK with no transaction open does: nothing (a statement as Kysely runs one). */
const NOTHING_TO_ROLL_BACK: SqliteStatement = {
  reader: false,
  all: () => [],
  run: () => ({ changes: 0, lastInsertRowid: 0 }),
  iterate: () => [][Symbol.iterator](),
};

/**
 * Statements longer than this are not kept for reuse: multi-row statements of hundreds of rows (a
 * crawl batch's frontier inserts), whose row counts rarely repeat, each compiled to hundreds of KB
 * (a 256-row insert of 14 columns, 12 KB of SQL: 400 KB). A report's values (about 200 rows, 8 KB)
 * are kept: their shapes repeat from report to report.
 */
const KEPT_SQL_CHARS = 16_384;

/**
 * better-sqlite3 as Kysely sees it, with prepared statements kept by SQL text (the most recent `kept`):
 * Kysely prepares every query anew, and preparing was a tenth of the crawl's time. Safe because each
 * connection is one thread's, Kysely runs one query on it at a time, and nothing streams.
 *
 * SQLite ends a transaction itself when a write fails with SQLITE_FULL or an I/O error; Kysely then
 * sends ROLLBACK, which fails ("cannot rollback - no transaction is active") and replaces the real
 * error (a full disk) with its own. A rollback with no transaction open is therefore nothing to do.
 *
 * Transactions begin IMMEDIATE (Kysely sends a plain `begin`, which is DEFERRED): the crawl's batch
 * writer has a connection of its own, and other processes may write. A deferred transaction that
 * reads and then writes fails at once with SQLITE_BUSY_SNAPSHOT when another connection commits
 * between the two, busy timeout or not; an immediate one takes the write lock first, waiting for it
 * within the busy timeout.
 */
function reusingStatements(sqlite: SqliteDatabase.Database, kept: number) {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare: (sql: string) => {
      if (!sqlite.inTransaction && /^\s*rollback\s*;?\s*$/i.test(sql)) return NOTHING_TO_ROLL_BACK;
      if (sql === "begin") sql = "begin immediate";
      // A statement of hundreds of rows is prepared for its call and not kept (KEPT_SQL_CHARS).
      if (sql.length > KEPT_SQL_CHARS) return sqlite.prepare(sql);
      let statement = statements.get(sql);
      if (statement) statements.delete(sql);
      else statement = sqlite.prepare(sql);
      statements.set(sql, statement);
      if (statements.size > kept) statements.delete(statements.keys().next().value!);
      return statement;
    },
  };
}
