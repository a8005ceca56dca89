import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { sha256File } from "@touming/testing";
import pg from "pg";
import { expect } from "vitest";

/** The few better-sqlite3 calls the snapshots use (the store's own copy of the library). */
interface RawDb {
  prepare(sql: string): { all(): Record<string, unknown>[]; pluck(): { get(): unknown } };
  close(): void;
}
type RawDbConstructor = new (file: string, options: { readonly: boolean; fileMustExist: boolean }) => RawDb;

const require = createRequire(import.meta.url);
const SqliteDatabase = createRequire(require.resolve("@touming/store"))("better-sqlite3") as RawDbConstructor;

/** Opens the database read-only, runs `read`, closes it. */
export function withDatabase<T>(dbFile: string, read: (db: RawDb) => T): T {
  const db = new SqliteDatabase(dbFile, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** `PRAGMA integrity_check`: "ok" for a sound database, else the problems, one per line. */
export function integrityCheck(dbFile: string): string {
  return withDatabase(dbFile, (db) =>
    db
      .prepare("PRAGMA integrity_check")
      .all()
      .map((r) => String(Object.values(r)[0]))
      .join("\n"),
  );
}

// What each stage leaves, keyed by natural keys (agency, url, year), without ids, run ids and times.
const CANONICAL: Record<string, string> = {
  documents: `SELECT d.agency_id, d.url, d.title, d.listed_date, d.kind, p.url AS parent_url, d.blob_sha256,
      d.content_type, d.etag, d.last_modified, d.fetch_state, d.fetch_error, d.extraction_state,
      d.extraction_error, d.extractor_version
    FROM documents d LEFT JOIN documents p ON p.id = d.parent_id ORDER BY d.agency_id, d.url`,
  document_changes: `SELECT d.url, c.previous_sha256, c.new_sha256 FROM document_changes c
    JOIN documents d ON d.id = c.document_id ORDER BY d.url, c.id`,
  crawl_frontier: `SELECT f.agency_id, f.url, f.kind, f.depth, f.state, f.meta, f.last_error, p.url AS parent_url
    FROM crawl_frontier f LEFT JOIN documents p ON p.id = f.parent_document_id ORDER BY f.agency_id, f.url`,
  reports: `SELECT r.agency_id, r.year, d.url, r.title, r.publish_date, r.publish_date_source, r.format, r.text,
      r.metadata, r.warnings, r.extractor_version
    FROM reports r LEFT JOIN documents d ON d.id = r.document_id ORDER BY r.agency_id, r.year`,
  report_values: `SELECT r.agency_id, r.year, v.key, v.value, v.raw, v.unit, v.approximate, v.excerpt, v.page,
      v.cell, v.confidence
    FROM report_values v JOIN reports r ON r.id = v.report_id ORDER BY r.agency_id, r.year, v.key`,
  report_sections: `SELECT r.agency_id, r.year, s.key, s.position, s.title, s.text
    FROM report_sections s JOIN reports r ON r.id = s.report_id ORDER BY r.agency_id, r.year, s.position, s.key`,
  checks: `SELECT r.agency_id, r.year, c.key, c.severity, c.status, c."left", c."right", c.message
    FROM checks c JOIN reports r ON r.id = c.report_id ORDER BY r.agency_id, r.year, c.key`,
  grades: `SELECT g.agency_id, g.year, r.year AS report_year, g.rubric_version, g.dimension, g.points,
      g.max_points, g.reason, g.evidence
    FROM grades g LEFT JOIN reports r ON r.id = g.report_id ORDER BY g.agency_id, g.year, g.dimension`,
  publications: `SELECT path, kind, agency_id, year, sha256, bytes FROM publications ORDER BY path`,
  stage_locks: `SELECT stage FROM stage_locks ORDER BY stage`,
};

// A missing report's evidence lists when each page was looked at: crawl times, not results.
const FETCH_TIME = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g;

type Dump = Record<string, Record<string, unknown>[]>;

function withoutFetchTimes(dump: Dump): Dump {
  for (const row of dump.grades ?? []) row.evidence = String(row.evidence).replace(FETCH_TIME, "<time>");
  return dump;
}

/** Every row the pipeline keeps, in a form two runs can be compared by (`toEqual`). */
export function canonicalDump(dbFile: string): Dump {
  return withoutFetchTimes(
    withDatabase(dbFile, (db) =>
      Object.fromEntries(Object.entries(CANONICAL).map(([table, sql]) => [table, db.prepare(sql).all()])),
    ),
  );
}

/** The same dump of a PostgreSQL store (the same queries), to compare with an SQLite run's. */
export async function canonicalDumpPostgres(databaseUrl: string): Promise<Dump> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const dump: Dump = {};
    for (const [table, sql] of Object.entries(CANONICAL)) dump[table] = (await client.query(sql)).rows;
    return withoutFetchTimes(dump);
  } finally {
    await client.end();
  }
}

/**
 * What the crawl did, per URL (a frontier row's end, the fetches' answers, the findings), on either
 * store; without times. Not compared: said when the rows differ, to tell why (a run under load once
 * lost four reports of the slow sample site on PostgreSQL, and nothing said how).
 */
const CRAWL_TRACE = {
  frontier: `SELECT agency_id, url, kind, state, attempts, last_error FROM crawl_frontier ORDER BY agency_id, url`,
  fetches: `SELECT agency_id, url, status, error FROM fetches ORDER BY agency_id, url, status, error`,
  findings: `SELECT agency_id, url, kind, detail FROM crawl_findings ORDER BY agency_id, url, kind, detail`,
};

async function crawlTrace(store: { dbFile: string } | { databaseUrl: string }): Promise<Set<string>> {
  const rows: string[] = [];
  if ("dbFile" in store) {
    withDatabase(store.dbFile, (db) => {
      for (const [table, sql] of Object.entries(CRAWL_TRACE))
        for (const row of db.prepare(sql).all()) rows.push(`${table} ${JSON.stringify(row)}`);
    });
  } else {
    const client = new pg.Client({ connectionString: store.databaseUrl });
    await client.connect();
    try {
      for (const [table, sql] of Object.entries(CRAWL_TRACE))
        for (const row of (await client.query(sql)).rows) rows.push(`${table} ${JSON.stringify(row)}`);
    } finally {
      await client.end();
    }
  }
  return new Set(rows);
}

/**
 * expectSameRows, and when the rows differ, the crawl's trace lines that one store has and the other
 * has not, in the failure's message.
 */
export async function expectSameRowsSayingWhy(
  actual: { dump: Dump; store: { databaseUrl: string } | { dbFile: string } },
  expected: { dump: Dump; store: { databaseUrl: string } | { dbFile: string } },
): Promise<void> {
  try {
    expectSameRows(actual.dump, expected.dump);
  } catch (error) {
    const [have, want] = await Promise.all([crawlTrace(actual.store), crawlTrace(expected.store)]);
    const only = (a: Set<string>, b: Set<string>) => [...a].filter((line) => !b.has(line)).join("\n");
    (error as Error).message +=
      `\n\ncrawl trace only in the expected store:\n${only(want, have)}` +
      `\n\ncrawl trace only in the actual store:\n${only(have, want)}`;
    throw error;
  }
}

/** Runs that still claim to be running, per stage. */
export function runningRuns(dbFile: string): Record<string, unknown>[] {
  return withDatabase(dbFile, (db) =>
    db.prepare("SELECT id, stage, pid FROM runs WHERE status = 'running' ORDER BY id").all(),
  );
}

/** The blob store's state: stored blobs (each checked against its name) and leftover temp files. */
export function blobStoreState(dataDir: string): { blobs: string[]; damaged: string[]; temp: string[] } {
  const root = path.join(dataDir, "blobs");
  const blobs: string[] = [];
  const damaged: string[] = [];
  if (!existsSync(root)) return { blobs, damaged, temp: [] };
  for (const prefix of readdirSync(root)) {
    if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
    for (const name of readdirSync(path.join(root, prefix))) {
      blobs.push(name);
      if (!name.startsWith(prefix) || sha256File(path.join(root, prefix, name)) !== name) damaged.push(name);
    }
  }
  const tmp = path.join(root, ".tmp");
  return { blobs: blobs.sort(), damaged, temp: existsSync(tmp) ? readdirSync(tmp) : [] };
}

/** Compares two canonical dumps table by table, so that a failure names the table. */
export function expectSameRows(
  actual: ReturnType<typeof canonicalDump>,
  expected: ReturnType<typeof canonicalDump>,
): void {
  expect(Object.keys(actual)).toEqual(Object.keys(expected));
  for (const table of Object.keys(expected)) {
    const rows = actual[table]!;
    const want = expected[table]!;
    if (rows.length !== want.length) {
      // Name the rows one side has and the other has not, not only the counts.
      const keyOf = (row: unknown) => JSON.stringify(row);
      const have = new Set(rows.map(keyOf));
      const wanted = new Set(want.map(keyOf));
      expect({
        table,
        missing: [...wanted].filter((r) => !have.has(r)),
        extra: [...have].filter((r) => !wanted.has(r)),
      }).toEqual({ table, missing: [], extra: [] });
      expect([table, rows.length]).toEqual([table, want.length]);
    }
    for (let i = 0; i < want.length; i++) expect([table, i, rows[i]]).toEqual([table, i, want[i]]);
  }
}
