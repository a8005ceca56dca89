import type { Kysely } from "kysely";
import { type Clock, stamp, systemClock } from "../clock.js";
import type { Database, FetchRow } from "../schema.js";
import { readInLists } from "../dialects/statement-rows.js";

export interface FetchRecord {
  runId?: number | null;
  agencyId?: string | null;
  url: string;
  finalUrl?: string | null;
  status?: number | null;
  etag?: string | null;
  lastModified?: string | null;
  contentType?: string | null;
  bytes?: number | null;
  sha256?: string | null;
  durationMs?: number | null;
  error?: string | null;
}

/** The fetch log's row for an attempt made at `at`. */
export function fetchRowOf(fetch: FetchRecord, at: string) {
  return {
    run_id: fetch.runId ?? null,
    agency_id: fetch.agencyId ?? null,
    url: fetch.url,
    final_url: fetch.finalUrl ?? null,
    status: fetch.status ?? null,
    etag: fetch.etag ?? null,
    last_modified: fetch.lastModified ?? null,
    content_type: fetch.contentType ?? null,
    bytes: fetch.bytes ?? null,
    sha256: fetch.sha256 ?? null,
    duration_ms: fetch.durationMs ?? null,
    error: fetch.error ?? null,
    fetched_at: at,
  };
}

/** Appends one HTTP attempt (successful or not) to the fetch log; returns its id. */
export async function recordFetch(
  db: Kysely<Database>,
  fetch: FetchRecord,
  clock: Clock = systemClock,
): Promise<number> {
  const row = await db
    .insertInto("fetches")
    .values(fetchRowOf(fetch, stamp(clock)))
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * The newest successful (2xx or 304) fetch of a URL: its validators drive conditional GETs.
 * With `withBody`, the newest 200 whose bytes were stored (what a 304 refers back to).
 */
export async function lastSuccessfulFetch(
  db: Kysely<Database>,
  url: string,
  options: { withBody?: boolean } = {},
): Promise<FetchRow | undefined> {
  let query = db.selectFrom("fetches").selectAll().where("url", "=", url);
  query = options.withBody
    ? query.where("status", "=", 200).where("sha256", "is not", null)
    : query.where((eb) => eb.or([eb.between("status", 200, 299), eb("status", "=", 304)]));
  return query.orderBy("id", "desc").limit(1).executeTakeFirst();
}

/**
 * lastSuccessfulFetch `withBody` of many URLs at once: the newest 200 with a stored body of each (a
 * URL with none has no row), in statements of at most 128 URLs (`readInLists`). What the crawler
 * reads ahead for a batch of list and site pages.
 */
export async function lastStoredFetches(db: Kysely<Database>, urls: readonly string[]): Promise<FetchRow[]> {
  return readInLists(urls, (list) =>
    db
      .selectFrom("fetches")
      .selectAll()
      .where("id", "in", (eb) =>
        eb
          .selectFrom("fetches")
          .select((inner) => inner.fn.max("id").as("id"))
          .where("url", "in", list)
          .where("status", "=", 200)
          .where("sha256", "is not", null)
          .groupBy("url"),
      )
      .execute(),
  );
}

/** Where and when the crawler looked for an agency: the latest fetch per URL, newest first. */
export async function crawlTrail(
  db: Kysely<Database>,
  agencyId: string,
  limit = 20,
): Promise<{ url: string; at: string; status: number | null }[]> {
  const rows = await db
    .selectFrom("fetches")
    .select((eb) => ["url", eb.fn.max("fetched_at").as("at"), eb.fn.max("status").as("status")])
    .where("agency_id", "=", agencyId)
    .where("url", "not like", "%/robots.txt")
    .groupBy("url")
    .orderBy("at", "desc")
    .orderBy("url")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    url: r.url,
    at: String(r.at),
    status: r.status === null ? null : Number(r.status),
  }));
}
