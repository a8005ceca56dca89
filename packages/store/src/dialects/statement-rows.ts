import { SqliteAdapter } from "kysely";

/** A Kysely handle or transaction, as far as telling its database goes. */
type AnyDb = { getExecutor(): { readonly adapter: object } };

/** SQLite's cap on the bind parameters of one statement (SQLITE_MAX_VARIABLE_NUMBER since 3.32). */
export const SQLITE_MAX_PARAMETERS = 32_766;
/** PostgreSQL's cap on the bind parameters of one statement (a 16-bit count in the protocol). */
export const POSTGRES_MAX_PARAMETERS = 65_535;
/** More rows than this per statement gain nothing and make one statement's work unbounded. */
const MAX_ROWS_PER_STATEMENT = 1_000;

/** The bind-parameter cap of the database `db` runs on. */
export function maxParametersOf(db: AnyDb): number {
  return db.getExecutor().adapter instanceof SqliteAdapter ? SQLITE_MAX_PARAMETERS : POSTGRES_MAX_PARAMETERS;
}

/**
 * Rows cut into multi-row statements that fit the database's bind-parameter cap: as many rows per
 * statement as the cap allows for rows this wide (the columns of the first row), at most 1,000.
 */
export function statementChunks<T extends object>(db: AnyDb, rows: readonly T[]): T[][] {
  if (rows.length === 0) return [];
  const width = Math.max(1, Object.keys(rows[0]!).length);
  const size = Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(maxParametersOf(db) / width)));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** Values per `IN` list of `inListChunks`: statements of 128 values or fewer compile to tens of KB. */
export const IN_LIST_CHUNK = 128;

/**
 * The values of an `IN` list cut into lists of at most 128, each padded to the next power of two
 * with its last value repeated: the same answers, from statements of eight shapes (1, 2, 4 … 128
 * values) instead of one per count, each kept prepared with its compiled form (as Hibernate's
 * `in_clause_parameter_padding`). A list of 1,024 pairs compiled to 705 KB.
 */
export function inListChunks<T>(values: readonly T[]): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < values.length; i += IN_LIST_CHUNK) {
    const chunk = values.slice(i, i + IN_LIST_CHUNK);
    let size = 1;
    while (size < chunk.length) size *= 2;
    chunks.push([...chunk, ...Array.from({ length: size - chunk.length }, () => chunk.at(-1)!)]);
  }
  return chunks;
}

/** `read` of each list of inListChunks(values), one after another, the rows of all in one array. */
export async function readInLists<T, R>(
  values: readonly T[],
  read: (list: T[]) => Promise<R[]>,
): Promise<R[]> {
  const rows: R[] = [];
  for (const list of inListChunks(values)) rows.push(...(await read(list)));
  return rows;
}
