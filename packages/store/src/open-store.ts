import { accessSync, constants, existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { Kysely } from "kysely";
import { Migrator } from "kysely/migration";
import type { MigrationResult } from "kysely/migration";
import type { BlobStore } from "./blob-store.js";
import { DatabaseBlobStore } from "./blob-stores/database.js";
import { DirectoryBlobStore } from "./blob-stores/directory.js";
import { isPostgresUrl, openPostgres } from "./dialects/postgres.js";
import { openSqlite } from "./dialects/sqlite.js";
import type { DialectName, StoreDialect } from "./dialects/store-dialect.js";
import { StoreOpenError, StoreReadOnlyError } from "./errors.js";
import { migrationProvider } from "./migrations/index.js";
import type { Database } from "./schema.js";

export interface StoreOptions {
  /** Holds the blobs, and the SQLite database (unless `dbFile` or `databaseUrl` is given). Default `./data`. */
  dataDir?: string;
  /** Overrides the SQLite database path. Default `<dataDir>/touming.db`. */
  dbFile?: string;
  /**
   * A PostgreSQL database (`postgres://user:password@host:port/name`) instead of the SQLite file:
   * several machines share it. The CLI takes it from `--database-url` or `TOUMING_DATABASE_URL`.
   */
  databaseUrl?: string;
  /** PostgreSQL: connections in this process's pool. Default 8. */
  maxConnections?: number;
  /** SQLite: how long a writer waits for another process's write lock. Default 10 000 ms. */
  busyTimeoutMs?: number;
  /**
   * Where blobs are: `directory` (default: files under `blobDir`) or `database` (the `blobs` table
   * of the store's database: for several machines sharing a PostgreSQL database but no file system).
   */
  blobStore?: "directory" | "database";
  /** The blob directory of `blobStore: "directory"`: local, or a mount every machine shares. Default `<dataDir>/blobs`. */
  blobDir?: string;
  /** Apply pending migrations on open. Default true: every command that opens the store migrates. */
  migrate?: boolean;
}

/** The typed database handle every store function takes. */
export type StoreDb = Kysely<Database>;

export interface Store {
  db: Kysely<Database>;
  /** `sqlite` or `postgres`, with what differs between them (bind parameter cap, session locks). */
  dialect: StoreDialect;
  blobs: BlobStore;
  dataDir: string;
  /** The SQLite file, or null on PostgreSQL. */
  dbFile: string | null;
  /** Where the data is, for messages: the SQLite file or the PostgreSQL URL without its password. */
  location: string;
  /** Migrations applied by this open (empty when the schema was current). */
  applied: readonly MigrationResult[];
  /**
   * What opens this same store again from another thread (the grade stage's threads): the resolved
   * options of this open, without migrating. Plain data, so it can be posted to a worker.
   */
  reopen: StoreOptions;
  close(): Promise<void>;
}

export class MigrationError extends StoreOpenError {
  constructor(
    readonly location: string,
    readonly results: readonly MigrationResult[],
    options?: ErrorOptions,
  ) {
    const failed = results.find((r) => r.status === "Error");
    super(`${location}: migration ${failed?.migrationName ?? "(unknown)"} failed`, options);
  }
}

/** Which database `openStore` would open for these options. */
export function dialectOf(options: Pick<StoreOptions, "databaseUrl">): DialectName {
  return options.databaseUrl ? "postgres" : "sqlite";
}

/**
 * Opens (and by default migrates) the store: the SQLite file in the data directory, or the
 * PostgreSQL database of `databaseUrl`. Blobs are in `blobDir` (default `<dataDir>/blobs`), or with
 * `blobStore: "database"` in the database.
 *
 * @example
 *   const store = await openStore({ dataDir: "./data" });
 *   await listAgencies(store.db);
 *   await store.close();
 */
export async function openStore(options: StoreOptions = {}): Promise<Store> {
  const dataDir = path.resolve(options.dataDir ?? "data");
  const blobStore = options.blobStore ?? "directory";
  if (blobStore !== "directory" && blobStore !== "database") {
    throw new StoreOpenError(`blob store ${JSON.stringify(blobStore)}: expected "directory" or "database"`);
  }
  const blobDir = path.resolve(options.blobDir ?? path.join(dataDir, "blobs"));
  const blobTmp = blobStore === "directory" ? [path.join(blobDir, ".tmp")] : [];
  let dialect: StoreDialect;
  if (options.databaseUrl) {
    if (!isPostgresUrl(options.databaseUrl)) {
      throw new StoreOpenError(
        `database URL ${JSON.stringify(options.databaseUrl.replace(/:[^:@/]*@/, ":***@"))}: expected postgres://user:password@host:port/database`,
      );
    }
    assertWritable([dataDir, ...blobTmp]);
    mkdirSync(dataDir, { recursive: true });
    dialect = await openPostgres(options.databaseUrl, {
      ...(options.maxConnections ? { maxConnections: options.maxConnections } : {}),
    });
  } else {
    const dbFile = path.resolve(options.dbFile ?? path.join(dataDir, "touming.db"));
    // Before SQLite sees a read-only store: it would open it anyway, leave -wal and -shm files behind
    // (when only the file is read-only) and fail later with a less telling error.
    assertWritable([dataDir, path.dirname(dbFile), dbFile, ...blobTmp]);
    try {
      mkdirSync(dataDir, { recursive: true });
    } catch (error) {
      throw new StoreOpenError(`${dataDir}: cannot create the data directory: ${(error as Error).message}`, {
        cause: error,
      });
    }
    dialect = openSqlite(dbFile, {
      ...(options.busyTimeoutMs !== undefined ? { busyTimeoutMs: options.busyTimeoutMs } : {}),
    });
  }
  const { db } = dialect;
  let applied: readonly MigrationResult[] = [];
  if (options.migrate !== false) {
    try {
      applied = await migrateToLatest(db, dialect.location);
    } catch (error) {
      await dialect.close();
      throw error;
    }
  }
  return {
    db,
    dialect,
    blobs: blobStore === "database" ? new DatabaseBlobStore(db) : new DirectoryBlobStore(blobDir),
    dataDir,
    dbFile: dialect.dbFile,
    location: dialect.location,
    applied,
    reopen: {
      dataDir,
      ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : { dbFile: dialect.dbFile! }),
      ...(options.busyTimeoutMs !== undefined ? { busyTimeoutMs: options.busyTimeoutMs } : {}),
      blobStore,
      blobDir,
      migrate: false,
    },
    close: () => dialect.close(),
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
export async function migrateToLatest(
  db: Kysely<Database>,
  location = "database",
): Promise<MigrationResult[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) throw new MigrationError(location, results, { cause: error });
  return results;
}
