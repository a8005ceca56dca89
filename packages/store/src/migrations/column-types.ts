import { type ColumnDefinitionBuilder, type Kysely, SqliteAdapter } from "kysely";

// The only details of the schema that differ between SQLite and PostgreSQL; every migration takes
// them from here, so one source of migrations serves both.

function isSqlite(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

/** A surrogate key that counts up: SQLite's `autoincrement`, PostgreSQL's identity column. */
export function identityKey(db: Kysely<unknown>): (col: ColumnDefinitionBuilder) => ColumnDefinitionBuilder {
  const sqlite = isSqlite(db);
  return (col) =>
    sqlite ? col.primaryKey().autoIncrement() : col.primaryKey().generatedByDefaultAsIdentity();
}

/**
 * The column type of a fractional number: SQLite's `real` is an 8-byte float, PostgreSQL's `real` a
 * 4-byte one (77.3 would come back as 77.30000305), so PostgreSQL gets `double precision`.
 */
export function floatType(db: Kysely<unknown>): "real" | "double precision" {
  return isSqlite(db) ? "real" : "double precision";
}

/** The column type of raw bytes: SQLite's `blob`, PostgreSQL's `bytea`; both drivers read them as a Buffer. */
export function binaryType(db: Kysely<unknown>): "blob" | "bytea" {
  return isSqlite(db) ? "blob" : "bytea";
}
