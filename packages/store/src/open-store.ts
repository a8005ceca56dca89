import { accessSync, constants, existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, SqliteDialect, type SqliteStatement } from "kysely";
import { Migrator } from "kysely/migration";
import type { MigrationResult } from "kysely/migration";
import { BlobStore } from "./blob-store.js";
import { StoreOpenError, StoreReadOnlyError } from "./errors.js";
import { migrationProvider } from "./migrations/index.js";
import type { Database } from "./schema.js";

export interface StoreOptions {
  /** Holds the database (unless `dbFile` is given) and the blobs. Default `./data`. */
  dataDir?: string;
  /** Overrides the database path. Default `<dataDir>/touming.db`. */
  dbFile?: string;
  /** How long a writer waits for another process's write lock. Default 10 000 ms. */
  busyTimeoutMs?: number;
  /** Apply pending migrations on open. Default true: every command that opens the store migrates. */
  migrate?: boolean;
}

/** The typed database handle every store function takes. */
export type StoreDb = Kysely<Database>;

export interface Store {
  db: Kysely<Database>;
  blobs: BlobStore;
  dataDir: string;
  dbFile: string;
  /** Migrations applied by this open (empty when the schema was current). */
  applied: readonly MigrationResult[];
  close(): Promise<void>;
}

export class MigrationError extends StoreOpenError {
  constructor(
    readonly dbFile: string,
    readonly results: readonly MigrationResult[],
    options?: ErrorOptions,
  ) {
    const failed = results.find((r) => r.status === "Error");
    super(`${dbFile}: migration ${failed?.migrationName ?? "(unknown)"} failed`, options);
  }
}

/**
 * Opens (and by default migrates) the SQLite store.
 *
 * @example
 *   const store = await openStore({ dataDir: "./data" });
 *   await listAgencies(store.db);
 *   await store.close();
 */
export async function openStore(options: StoreOptions = {}): Promise<Store> {
  const dataDir = path.resolve(options.dataDir ?? "data");
  const dbFile = path.resolve(options.dbFile ?? path.join(dataDir, "touming.db"));
  // Before SQLite sees a read-only store: it would open it anyway, leave -wal and -shm files behind
  // (when only the file is read-only) and fail later with a less telling error.
  assertWritable([dataDir, path.dirname(dbFile), dbFile, path.join(dataDir, "blobs", ".tmp")]);
  let sqlite: SqliteDatabase.Database;
  try {
    mkdirSync(dataDir, { recursive: true });
    mkdirSync(path.dirname(dbFile), { recursive: true });
    sqlite = new SqliteDatabase(dbFile, { timeout: options.busyTimeoutMs ?? 10_000 });
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("foreign_keys = ON");
    sqlite.pragma("synchronous = NORMAL");
  } catch (error) {
    throw new StoreOpenError(`${dbFile}: cannot open the database: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: reusingStatements(sqlite) }) });
  let applied: readonly MigrationResult[] = [];
  if (options.migrate !== false) {
    try {
      applied = await migrateToLatest(db, dbFile);
    } catch (error) {
      await db.destroy();
      throw error;
    }
  }
  return {
    db,
    blobs: new BlobStore(path.join(dataDir, "blobs")),
    dataDir,
    dbFile,
    applied,
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
 * better-sqlite3 as Kysely sees it, with prepared statements kept by SQL text (the most recent 500):
 * Kysely prepares every query anew, and preparing was a tenth of the crawl's time. Safe because the
 * store has one connection, Kysely runs one query on it at a time, and nothing streams.
 *
 * SQLite ends a transaction itself when a write fails with SQLITE_FULL or an I/O error; Kysely then
 * sends ROLLBACK, which fails ("cannot rollback - no transaction is active") and replaces the real
 * error (a full disk) with its own. A rollback with no transaction open is therefore nothing to do.
 */
function reusingStatements(sqlite: SqliteDatabase.Database) {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare: (sql: string) => {
      if (!sqlite.inTransaction && /^\s*rollback\s*;?\s*$/i.test(sql)) return NOTHING_TO_ROLL_BACK;
      let statement = statements.get(sql);
      if (statement) statements.delete(sql);
      else statement = sqlite.prepare(sql);
      statements.set(sql, statement);
      if (statements.size > 500) statements.delete(statements.keys().next().value!);
      return statement;
    },
  };
}

const READ_ONLY = new Set(["EROFS", "EACCES", "EPERM"]);

/** Throws StoreReadOnlyError for the first path (or, when missing, its nearest existing parent) that cannot be written. */
function assertWritable(paths: readonly string[]): void {
  for (let target of paths) {
    while (!existsSync(target) && path.dirname(target) !== target) target = path.dirname(target);
    try {
      accessSync(target, constants.W_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "";
      if (READ_ONLY.has(code)) throw new StoreReadOnlyError(target, code, { cause: error });
    }
  }
}

/** Applies every pending migration; returns one result per migration applied. */
export async function migrateToLatest(db: Kysely<Database>, dbFile = "database"): Promise<MigrationResult[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) throw new MigrationError(dbFile, results, { cause: error });
  return results;
}
