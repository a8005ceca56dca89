import type { Kysely } from "kysely";
import { type Clock, stamp, systemClock } from "../clock.js";
import { decodeJsonColumn } from "../json-columns.js";
import type { CrawlCoverageRow, CrawlFindingRow, Database, FrontierKind, FrontierState } from "../schema.js";
import { AGENCY_BATCH } from "./agencies.js";
import { statementChunks } from "../dialects/statement-rows.js";

/** One cause of an incomplete crawl: the page, the finding kind (or frontier outcome) and what happened. */
export interface CoverageReason {
  url: string;
  kind: string;
  detail: string;
}

/** What one crawl that ran to its end read of one agency. */
export interface CrawlCoverage {
  runId: number | null;
  agencyId: string;
  finishedAt: string;
  /** Every list page of the agency was read to its last page: nothing failed, blocked, skipped or truncated. */
  complete: boolean;
  /** Why not complete, the first `MAX_COVERAGE_REASONS`; empty when complete. */
  reasons: CoverageReason[];
}

export interface NewCrawlCoverage {
  runId?: number | null;
  agencyId: string;
  complete: boolean;
  reasons: readonly CoverageReason[];
}

/** Causes kept per row: enough to say what to fix, bounded on a site where everything fails. */
export const MAX_COVERAGE_REASONS = 20;

/**
 * Records the coverage of the crawl that just ended, one row per agency, and ends the agencies' crawl
 * rounds, all in one transaction.
 */
export async function recordCrawlCoverage(
  db: Kysely<Database>,
  rows: readonly NewCrawlCoverage[],
  clock: Clock = systemClock,
): Promise<void> {
  if (rows.length === 0) return;
  const finishedAt = stamp(clock);
  await db.transaction().execute(async (trx) => {
    const coverageRows = rows.map((r) => ({
      run_id: r.runId ?? null,
      agency_id: r.agencyId,
      finished_at: finishedAt,
      complete: r.complete ? 1 : 0,
      reasons: JSON.stringify(
        r.reasons.slice(0, MAX_COVERAGE_REASONS).map(({ url, kind, detail }) => ({ url, kind, detail })),
      ),
    }));
    for (const chunk of statementChunks(trx, coverageRows))
      await trx.insertInto("crawl_coverage").values(chunk).execute();
    // The agencies' crawl rounds end with their coverage (see startFrontierRound).
    const agencyIds = rows.map((r) => r.agencyId);
    for (let i = 0; i < agencyIds.length; i += AGENCY_BATCH)
      await trx
        .updateTable("frontier_rounds")
        .set({ ended_at: finishedAt })
        .where("agency_id", "in", agencyIds.slice(i, i + AGENCY_BATCH))
        .where("ended_at", "is", null)
        .execute();
  });
}

function decodeCoverage(row: CrawlCoverageRow): CrawlCoverage {
  const reasons = decodeJsonColumn<CoverageReason[]>(
    row.reasons,
    `crawl_coverage ${row.id} reasons`,
    "array",
  );
  return {
    runId: row.run_id,
    agencyId: row.agency_id,
    finishedAt: row.finished_at,
    complete: row.complete === 1,
    reasons,
  };
}

/** An agency's crawl coverage, newest first. */
export async function crawlCoverage(db: Kysely<Database>, agencyId: string): Promise<CrawlCoverage[]> {
  const rows = await db
    .selectFrom("crawl_coverage")
    .selectAll()
    .where("agency_id", "=", agencyId)
    .orderBy("finished_at", "desc")
    .orderBy("id", "desc")
    .execute();
  return rows.map(decodeCoverage);
}

/**
 * The crawl coverage of these agencies (of all without `agencyIds`), newest first per agency; an
 * agency never crawled to the end has no entry. Read `AGENCY_BATCH` ids at a time.
 */
export async function coverageByAgency(
  db: Kysely<Database>,
  agencyIds?: readonly string[],
): Promise<Map<string, CrawlCoverage[]>> {
  const out = new Map<string, CrawlCoverage[]>();
  const add = (rows: CrawlCoverageRow[]) => {
    for (const row of rows.map(decodeCoverage)) {
      const list = out.get(row.agencyId);
      if (list) list.push(row);
      else out.set(row.agencyId, [row]);
    }
  };
  const query = () =>
    db
      .selectFrom("crawl_coverage")
      .selectAll()
      .orderBy("agency_id")
      .orderBy("finished_at", "desc")
      .orderBy("id", "desc");
  if (!agencyIds) {
    add(await query().execute());
    return out;
  }
  for (let i = 0; i < agencyIds.length; i += AGENCY_BATCH) {
    add(
      await query()
        .where("agency_id", "in", agencyIds.slice(i, i + AGENCY_BATCH))
        .execute(),
    );
  }
  return out;
}

/** The newest crawl finding's id (0 when none): a crawl's own findings are those after it. */
export async function lastCrawlFindingId(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom("crawl_findings")
    .select((eb) => eb.fn.max("id").as("id"))
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}

/** A crawl finding with the frontier kind of its URL (null when the URL is not in the frontier). */
export type CoverageFinding = CrawlFindingRow & { frontierKind: FrontierKind | null };

/**
 * The crawl findings recorded after `afterId`, oldest first, each with the kind of page it is about:
 * those of one run when `runId` is given (those without a run when it is null), else of any run.
 */
export async function crawlFindingsAfter(
  db: Kysely<Database>,
  options: { afterId: number; runId?: number | null },
): Promise<CoverageFinding[]> {
  let query = db
    .selectFrom("crawl_findings as f")
    .leftJoin("crawl_frontier as q", (join) =>
      join.onRef("q.agency_id", "=", "f.agency_id").onRef("q.url", "=", "f.url"),
    )
    .selectAll("f")
    .select("q.kind as frontierKind")
    .where("f.id", ">", options.afterId);
  if (options.runId !== undefined)
    query =
      options.runId === null
        ? query.where("f.run_id", "is", null)
        : query.where("f.run_id", "=", options.runId);
  return query.orderBy("f.id").execute();
}

/** A site or list page of the frontier that did not end read. */
export interface UnfinishedPage {
  agencyId: string;
  url: string;
  kind: FrontierKind;
  state: FrontierState;
  lastError: string | null;
  /**
   * The kind of the newest finding that ended the page failed (`failed`, `blocked`, `robots`,
   * `page_unreadable`), whichever run of the crawl recorded it: a resumed crawl's earlier part
   * included. Null when none was recorded.
   */
  failureKind: string | null;
}

/** The findings that end a site or list page failed. */
const PAGE_FAILURE_KINDS = ["failed", "blocked", "robots", "page_unreadable"];

/**
 * The frontier's site and list pages of these agencies (of all without `agencyIds`): how many each
 * agency has, and those that ended failed or are still pending.
 */
export async function navigationPages(
  db: Kysely<Database>,
  agencyIds?: readonly string[],
): Promise<{ counts: Map<string, number>; unfinished: UnfinishedPage[] }> {
  const counts = new Map<string, number>();
  const unfinished: UnfinishedPage[] = [];
  const batches = agencyIds
    ? Array.from({ length: Math.ceil(agencyIds.length / AGENCY_BATCH) }, (_, i) =>
        agencyIds.slice(i * AGENCY_BATCH, (i + 1) * AGENCY_BATCH),
      )
    : [undefined];
  for (const batch of batches) {
    let countQuery = db
      .selectFrom("crawl_frontier")
      .select((eb) => ["agency_id", eb.fn.countAll<number>().as("n")])
      .where("kind", "in", ["site", "list"]);
    let rowQuery = db
      .selectFrom("crawl_frontier")
      .select(["agency_id", "url", "kind", "state", "last_error"])
      .select((eb) =>
        eb
          .selectFrom("crawl_findings as f")
          .select("f.kind")
          .whereRef("f.agency_id", "=", "crawl_frontier.agency_id")
          .whereRef("f.url", "=", "crawl_frontier.url")
          .where("f.kind", "in", PAGE_FAILURE_KINDS)
          .orderBy("f.id", "desc")
          .limit(1)
          .as("failure_kind"),
      )
      .where("kind", "in", ["site", "list"])
      .where("state", "!=", "done");
    if (batch) {
      countQuery = countQuery.where("agency_id", "in", batch);
      rowQuery = rowQuery.where("agency_id", "in", batch);
    }
    for (const r of await countQuery.groupBy("agency_id").execute()) counts.set(r.agency_id, Number(r.n));
    for (const r of await rowQuery.orderBy("id").execute())
      unfinished.push({
        agencyId: r.agency_id,
        url: r.url,
        kind: r.kind,
        state: r.state,
        lastError: r.last_error,
        failureKind: r.state === "failed" ? (r.failure_kind ?? null) : null,
      });
  }
  return { counts, unfinished };
}
