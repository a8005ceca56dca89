import type { Kysely } from "kysely";
import { type Clock, stamp, systemClock } from "../clock.js";
import type { CrawlFindingRow, Database, FrontierKind, FrontierRow } from "../schema.js";
import { statementChunks } from "../dialects/statement-rows.js";

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

/** A `crawl_frontier` row with its meta decoded; a meta that is not a JSON object reads as `{}`. */
function decodeFrontierRow(row: FrontierRow): StoredFrontierEntry {
  let meta: unknown;
  try {
    meta = JSON.parse(row.meta);
  } catch {
    meta = {};
  }
  const isObject = typeof meta === "object" && meta !== null && !Array.isArray(meta);
  return { ...row, meta: isObject ? (meta as Record<string, unknown>) : {} };
}

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
  // A statement carries a capped number of bind parameters: insert in chunks, all in one transaction.
  return db.transaction().execute(async (trx) => {
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
  });
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

/** List pages (beyond the start URLs) queued per agency in the current crawl: the per-agency page cap. */
export async function frontierListPageCounts(
  db: Kysely<Database>,
  agencyIds?: readonly string[],
): Promise<Map<string, number>> {
  let query = db
    .selectFrom("crawl_frontier")
    .select((eb) => ["agency_id", eb.fn.countAll<number>().as("n")])
    .where("kind", "=", "list")
    .where("depth", ">", 0);
  if (agencyIds) query = query.where("agency_id", "in", agencyIds.length ? agencyIds : [""]);
  const rows = await query.groupBy("agency_id").execute();
  return new Map(rows.map((r) => [r.agency_id, Number(r.n)]));
}
