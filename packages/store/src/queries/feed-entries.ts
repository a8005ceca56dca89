import type { Kysely } from "kysely";
import { type Clock, stamp, systemClock } from "../clock.js";
import type { Database, FeedEntryRow } from "../schema.js";

/*
 * The feeds' entries: what publish announced of each agency-year (a new card, a changed grade, a
 * correction). Append-only: the last entry of an agency-year is what it was last published as.
 */

export type FeedEntry = FeedEntryRow;
export type FeedEntryKind = FeedEntryRow["kind"];

/** An entry to add; its `seq` is the agency-year's next. */
export interface NewFeedEntry {
  agencyId: string;
  year: number;
  kind: FeedEntryKind;
  state: string;
  letter: string;
  score: number;
  previous: { state: string; letter: string; score: number } | null;
  publishedOn: string;
}

/** The last entry of every agency-year of these agencies, by agency id then year. */
export async function latestFeedEntries(
  db: Kysely<Database>,
  agencyIds: readonly string[],
): Promise<Map<string, Map<number, FeedEntry>>> {
  const out = new Map<string, Map<number, FeedEntry>>();
  if (agencyIds.length === 0) return out;
  const rows = await db
    .selectFrom("feed_entries")
    .selectAll()
    .where("agency_id", "in", agencyIds)
    .orderBy("seq")
    .execute();
  for (const row of rows) {
    const years = out.get(row.agency_id) ?? new Map<number, FeedEntry>();
    years.set(row.year, row);
    out.set(row.agency_id, years);
  }
  return out;
}

/** Adds entries in one transaction, each with its agency-year's next `seq`. */
export async function addFeedEntries(
  db: Kysely<Database>,
  entries: readonly NewFeedEntry[],
  clock: Clock = systemClock,
): Promise<void> {
  if (entries.length === 0) return;
  await db.transaction().execute(async (trx) => {
    for (const e of entries) {
      const last = await trx
        .selectFrom("feed_entries")
        .select((eb) => eb.fn.max("seq").as("seq"))
        .where("agency_id", "=", e.agencyId)
        .where("year", "=", e.year)
        .executeTakeFirst();
      await trx
        .insertInto("feed_entries")
        .values({
          agency_id: e.agencyId,
          year: e.year,
          seq: Number(last?.seq ?? 0) + 1,
          kind: e.kind,
          state: e.state,
          letter: e.letter,
          score: e.score,
          previous_state: e.previous?.state ?? null,
          previous_letter: e.previous?.letter ?? null,
          previous_score: e.previous?.score ?? null,
          published_on: e.publishedOn,
          created_at: stamp(clock),
        })
        .execute();
    }
  });
}

/**
 * The newest entries first (of these agencies only, when given), at most `limit`: what a feed shows.
 * Ties in date go by insertion order, newest first, so a feed's order never changes once written.
 */
export async function recentFeedEntries(
  db: Kysely<Database>,
  options: { agencyIds?: readonly string[]; limit: number },
): Promise<FeedEntry[]> {
  const ids = options.agencyIds;
  if (ids !== undefined && ids.length === 0) return [];
  let query = db.selectFrom("feed_entries").selectAll();
  if (ids !== undefined) query = query.where("agency_id", "in", ids);
  return query.orderBy("published_on", "desc").orderBy("id", "desc").limit(options.limit).execute();
}
