import type { Kysely } from "kysely";
import { type Clock, stamp, systemClock } from "../clock.js";
import type { CrawlFindingRow, Database, FrontierKind, FrontierRow } from "../schema.js";
import { statementChunks } from "../dialects/statement-rows.js";
import { lastCrawlFindingId } from "./crawl-coverage.js";

export interface FrontierEntry {
  agencyId: string;
  url: string;
  kind: FrontierKind;
  depth?: number;
  parentDocumentId?: number | null;
  /** What the crawler carries along with the URL (the link's title, date…); stored as JSON. */
  meta?: Record<string, unknown>;
}

/** A row of `crawl_frontier` as the reads give it: its meta decoded. */
/** A new frontier row for an entry, stamped `at`. */
export function frontierRowOf(e: FrontierEntry, at: string) {
  return {
    agency_id: e.agencyId,
    url: e.url,
    kind: e.kind,
    depth: e.depth ?? 0,
    parent_document_id: e.parentDocumentId ?? null,
    meta: JSON.stringify(e.meta ?? {}),
    updated_at: at,
  };
}

export type StoredFrontierEntry = Omit<FrontierRow, "meta"> & { meta: Record<string, unknown> };

/** A frontier row's meta: a meta that is not a JSON object reads as `{}`. */
function decodeMeta(text: string): Record<string, unknown> {
  let meta: unknown;
  try {
    meta = JSON.parse(text);
  } catch {
    return {};
  }
  const isObject = typeof meta === "object" && meta !== null && !Array.isArray(meta);
  return isObject ? (meta as Record<string, unknown>) : {};
}

/** A `crawl_frontier` row with its meta decoded. */
const decodeFrontierRow = (row: FrontierRow): StoredFrontierEntry => ({ ...row, meta: decodeMeta(row.meta) });

/**
 * The crawl frontier lives in the database so that a crawl killed at any point resumes where it
 * stopped. Adding a URL that is already queued for the agency is a no-op. Returns the rows added.
 */
export async function enqueueFrontier(
  db: Kysely<Database>,
  entries: readonly FrontierEntry[],
  clock: Clock = systemClock,
): Promise<StoredFrontierEntry[]> {
  if (entries.length === 0) return [];
  const now = stamp(clock);
  return db.transaction().execute((trx) => insertFrontierRows(trx, entries, now));
}

/**
 * Queues entries in the transaction `trx` (a URL already queued for the agency is passed over), in
 * chunks: a statement carries a capped number of bind parameters. Returns the rows added.
 */
async function insertFrontierRows(
  trx: Kysely<Database>,
  entries: readonly FrontierEntry[],
  now: string,
): Promise<StoredFrontierEntry[]> {
  const added: StoredFrontierEntry[] = [];
  for (const chunk of statementChunks(
    trx,
    entries.map((e) => frontierRowOf(e, now)),
  )) {
    const rows = await trx
      .insertInto("crawl_frontier")
      .values(chunk)
      .onConflict((oc) => oc.columns(["agency_id", "url"]).doNothing())
      .returningAll()
      .execute();
    added.push(...rows.map(decodeFrontierRow));
  }
  return added;
}

/** Pending frontier rows (meta decoded), oldest first, one page at a time. */
export async function pendingFrontier(
  db: Kysely<Database>,
  options: { afterId?: number; limit?: number; agencyIds?: readonly string[] } = {},
): Promise<StoredFrontierEntry[]> {
  let query = db
    .selectFrom("crawl_frontier")
    .selectAll()
    .where("state", "=", "pending")
    .where("id", ">", options.afterId ?? 0);
  if (options.agencyIds)
    query = query.where("agency_id", "in", options.agencyIds.length ? options.agencyIds : [""]);
  const rows = await query
    .orderBy("id")
    .limit(options.limit ?? 1000)
    .execute();
  return rows.map(decodeFrontierRow);
}

export async function completeFrontier(
  db: Kysely<Database>,
  id: number,
  outcome: { state: "done" | "failed"; attempts: number; error?: string | null },
  clock: Clock = systemClock,
): Promise<void> {
  await db
    .updateTable("crawl_frontier")
    .set({
      state: outcome.state,
      attempts: outcome.attempts,
      last_error: outcome.error ?? null,
      updated_at: stamp(clock),
    })
    .where("id", "=", id)
    .execute();
}

/** Counts by state, for progress and for deciding whether a crawl resumes or starts afresh. */
export async function frontierCounts(
  db: Kysely<Database>,
  agencyIds?: readonly string[],
): Promise<Record<"pending" | "done" | "failed", number>> {
  let query = db
    .selectFrom("crawl_frontier")
    .select((eb) => ["state", eb.fn.countAll<number>().as("n")])
    .groupBy("state");
  if (agencyIds) query = query.where("agency_id", "in", agencyIds.length ? agencyIds : [""]);
  const rows = await query.execute();
  const out = { pending: 0, done: 0, failed: 0 };
  for (const r of rows) out[r.state] = Number(r.n);
  return out;
}

/**
 * Starts a crawl round: the frontier of the agencies in `agencyIds` (undefined: every agency) is
 * emptied, each agency of `agencies` has an open round, and `seeds` (their start URLs) are queued,
 * all in one transaction. The round stays open until the crawl records the agency's coverage
 * (recordCrawlCoverage), so that a crawl killed between its last page and its coverage is finished by
 * the next crawl rather than started again.
 */
export async function startFrontierRound(
  db: Kysely<Database>,
  round: {
    agencyIds?: readonly string[] | undefined;
    agencies: readonly string[];
    seeds: readonly FrontierEntry[];
  },
  clock: Clock = systemClock,
): Promise<void> {
  const now = stamp(clock);
  await db.transaction().execute(async (trx) => {
    await clearFrontier(trx, round.agencyIds);
    let rounds = trx.deleteFrom("frontier_rounds");
    if (round.agencyIds)
      rounds = rounds.where("agency_id", "in", round.agencyIds.length ? round.agencyIds : [""]);
    await rounds.execute();
    const findingsAfterId = await lastCrawlFindingId(trx);
    const opened = round.agencies.map((agency_id) => ({
      agency_id,
      started_at: now,
      ended_at: null,
      findings_after_id: findingsAfterId,
    }));
    for (const chunk of statementChunks(trx, opened))
      await trx.insertInto("frontier_rounds").values(chunk).execute();
    await insertFrontierRows(trx, round.seeds, now);
  });
}

/**
 * The agencies (of `agencyIds`; undefined: all) whose crawl round is open (seeded, coverage not
 * recorded), each with the last crawl finding before its round started: the round's findings are
 * those after it.
 */
export async function openFrontierRounds(
  db: Kysely<Database>,
  agencyIds?: readonly string[],
): Promise<Map<string, number>> {
  let query = db
    .selectFrom("frontier_rounds")
    .select(["agency_id", "findings_after_id"])
    .where("ended_at", "is", null);
  if (agencyIds) query = query.where("agency_id", "in", agencyIds.length ? agencyIds : [""]);
  const rows = await query.execute();
  return new Map(rows.map((r) => [r.agency_id, Number(r.findings_after_id)]));
}

/** Ends a finished crawl generation: the next crawl starts again from the agencies' start URLs. */
export async function clearFrontier(db: Kysely<Database>, agencyIds?: readonly string[]): Promise<void> {
  let query = db.deleteFrom("crawl_frontier");
  if (agencyIds) query = query.where("agency_id", "in", agencyIds.length ? agencyIds : [""]);
  await query.execute();
}

export async function recordCrawlFinding(
  db: Kysely<Database>,
  finding: { runId?: number | null; agencyId: string; url: string; kind: string; detail: string },
  clock: Clock = systemClock,
): Promise<void> {
  await db
    .insertInto("crawl_findings")
    .values({
      run_id: finding.runId ?? null,
      agency_id: finding.agencyId,
      url: finding.url,
      kind: finding.kind,
      detail: finding.detail,
      created_at: stamp(clock),
    })
    .execute();
}

export async function crawlFindings(
  db: Kysely<Database>,
  options: { runId?: number; agencyId?: string } = {},
): Promise<CrawlFindingRow[]> {
  let query = db.selectFrom("crawl_findings").selectAll();
  if (options.runId !== undefined) query = query.where("run_id", "=", options.runId);
  if (options.agencyId !== undefined) query = query.where("agency_id", "=", options.agencyId);
  return query.orderBy("id").execute();
}

/**
 * The list pages in the frontier of the agencies (undefined: all), meta decoded: what the crawl's
 * per-agency list-page budget is counted from when a crawl starts or resumes.
 */
export async function frontierListPages(
  db: Kysely<Database>,
  agencyIds?: readonly string[],
): Promise<Pick<StoredFrontierEntry, "agency_id" | "url" | "depth" | "meta">[]> {
  let query = db
    .selectFrom("crawl_frontier")
    .select(["agency_id", "url", "depth", "meta"])
    .where("kind", "=", "list");
  if (agencyIds) query = query.where("agency_id", "in", agencyIds.length ? agencyIds : [""]);
  const rows = await query.orderBy("id").execute();
  return rows.map((row) => ({ ...row, meta: decodeMeta(row.meta) }));
}
