import { type CompiledQuery, type Insertable, type Kysely, type Transaction, createQueryId } from "kysely";
import type { Database } from "../schema.js";

/** Compiled multi-row inserts by shape, per database (its adapter: the SQL differs between dialects). */
const compiledByAdapter = new WeakMap<object, Map<string, CompiledQuery>>();
/** Shapes kept per database before the cache is emptied (a report's rows come in some dozens of counts). */
const SHAPES_KEPT = 256;

/**
 * Inserts `rows` into `table` in one statement whose SQL Kysely compiles once per shape (table,
 * columns, number of rows) and database; later inserts of that shape only bind their values.
 * Compiling walks every value of every row: for a report's 200 values it was a third of saving the
 * report (saveExtraction 1.4–1.7 ms of thread CPU, 1.0–1.2 ms without it), a tenth of the extract
 * stage's main thread. Every row must have a value for each of the first row's columns (null, not
 * `undefined`: such a row fails the call naming the column, and nothing is inserted). A row with
 * columns the first has not is inserted as Kysely inserts it, compiled for this call and not kept,
 * so that no value is dropped. The values are bound parameters, as Kysely binds them: the first
 * compile of a shape is checked to bind exactly these values in this order, else it is not kept.
 */
export async function insertRows<T extends keyof Database & string>(
  db: Kysely<Database> | Transaction<Database>,
  table: T,
  rows: readonly Insertable<Database[T]>[],
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const parameters: unknown[] = [];
  let sameColumns = true;
  for (const row of rows as readonly Record<string, unknown>[]) {
    for (const column of columns) {
      const value = row[column];
      if (value === undefined) throw new Error(`insertRows(${table}): a row has no value for ${column}`);
      parameters.push(value);
    }
    if (sameColumns && Object.keys(row).length !== columns.length) sameColumns = false;
  }
  if (!sameColumns) {
    await db
      .insertInto(table)
      .values(rows as never)
      .execute();
    return;
  }
  const adapter = db.getExecutor().adapter;
  let shapes = compiledByAdapter.get(adapter);
  if (!shapes) compiledByAdapter.set(adapter, (shapes = new Map()));
  const shape = `${table}\u0000${columns.join("\u0000")}\u0000${rows.length}`;
  const known = shapes.get(shape);
  if (known) {
    await db.executeQuery({ ...known, parameters, queryId: createQueryId() });
    return;
  }
  const compiled = db
    .insertInto(table)
    .values(rows as never)
    .compile();
  const same =
    compiled.parameters.length === parameters.length &&
    compiled.parameters.every((value, i) => Object.is(value, parameters[i]));
  if (same) {
    if (shapes.size >= SHAPES_KEPT) shapes.clear();
    shapes.set(shape, compiled);
  }
  await db.executeQuery(compiled);
}
