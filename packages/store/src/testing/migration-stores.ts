import { sql } from "kysely";
import type { Kysely } from "kysely";
import { Migrator } from "kysely/migration";
import { expect } from "vitest";
import { type StoreOptions, openStore } from "../open-store.js";
import { migrationProvider } from "../migrations/index.js";
import { useCleanups } from "./cleanups.js";
import { createTestDatabase, testDialect } from "./postgres-databases.js";
import { useTempDirs } from "./temp-dirs.js";

/**
 * Stores for the migration tests, on the test run's database: `emptyDatabase()` is where a fresh,
 * unmigrated store is (a PostgreSQL database of the test cluster, or an SQLite file), removed after
 * the test. Call at the top of a test file (it registers cleanups).
 */
export function useMigrationStores() {
  const tempDir = useTempDirs();
  const defer = useCleanups();
  return {
    defer,
    async emptyDatabase(): Promise<StoreOptions> {
      const dataDir = tempDir();
      if (testDialect() === "sqlite") return { dataDir };
      const database = await createTestDatabase({ migrated: false });
      defer(() => database.drop());
      return { dataDir, databaseUrl: database.url, maxConnections: 2 };
    },
  };
}

/** Migrates the store at `where` up or down to the migration `name` (checked to succeed). */
export async function migrateStoreTo(where: StoreOptions, name: string): Promise<void> {
  const store = await openStore({ ...where, migrate: false });
  try {
    const result = await new Migrator({ db: store.db, provider: migrationProvider }).migrateTo(name);
    expect(result.error).toBeUndefined();
  } finally {
    await store.close();
  }
}

/** The names of the migrations after `name`, in apply order (whatever lands after it later). */
export const migrationsAfter = async (name: string): Promise<string[]> =>
  Object.keys(await migrationProvider.getMigrations())
    .filter((n) => n > name)
    .sort();

/** The store's tables whose name is `like` (an SQL LIKE pattern), on either database. */
export async function tablesLike<DB>(db: Kysely<DB>, like: string): Promise<string[]> {
  const rows =
    testDialect() === "sqlite"
      ? await sql<{
          name: string;
        }>`select name from sqlite_master where type = 'table' and name like ${like} order by name`.execute(
          db,
        )
      : await sql<{ name: string }>`select table_name as name from information_schema.tables
          where table_schema = current_schema() and table_name like ${like} order by table_name`.execute(db);
  return rows.rows.map((r) => r.name);
}
