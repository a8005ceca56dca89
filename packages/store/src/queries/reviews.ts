import type { Kysely } from "kysely";
import { type Clock, stamp, systemClock } from "../clock.js";
import { decodeJsonColumn } from "../json-columns.js";
import type { Database, ReviewRow } from "../schema.js";

/**
 * `reviews`: what oversight offices said about the findings of a card (confirmed, dismissed,
 * withdrawn) and the facts they corrected, with who, when and why. Append-only — the table's
 * triggers refuse UPDATE and DELETE — so nothing here changes or removes a row, and no stage
 * touches the table: a re-crawl, a re-extraction or a re-grade never loses a review. The grade
 * stage reads them (`reviewsOfAgencies`) and decides what each means.
 */

export type ReviewAction = ReviewRow["action"];

/** One review as stored. */
export interface Review {
  id: number;
  agencyId: string;
  year: number;
  /** The finding reviewed (`check:T3-A:total`), or null for a fact. */
  findingKey: string | null;
  /** The fact corrected (`publish_date`, `agency`, `cell:<value key>`), or null for a finding. */
  fact: string | null;
  action: ReviewAction;
  /** The corrected value (`correct` only): a date, an agency id, a number as text. */
  value: string | null;
  /** What shows the corrected value: a URL (publish date), where the figure is printed (a cell). */
  evidence: string | null;
  /** The fingerprint of the finding's evidence (or the fact as extracted) when it was reviewed. */
  fingerprint: string | null;
  reason: string;
  reviewer: string;
  /** `command`, or the reviews file it was imported from. */
  source: string;
  createdAt: string;
}

/** A review to add: `createdAt` defaults to the clock's now, `source` to `command`. */
export type NewReview = Omit<Review, "id" | "createdAt" | "source"> & { createdAt?: string; source?: string };

const decodeReview = (r: ReviewRow): Review => ({
  id: r.id,
  agencyId: r.agency_id,
  year: r.year,
  findingKey: r.finding_key,
  fact: r.fact,
  action: r.action,
  value: r.value,
  evidence: r.evidence,
  fingerprint: r.fingerprint,
  reason: r.reason,
  reviewer: r.reviewer,
  source: r.source,
  createdAt: r.created_at,
});

/**
 * Whether a stored review says what `review` says: same agency-year, subject, action, value,
 * evidence, reason and reviewer (and time, when `review` gives one). The fingerprint is left out:
 * importing a reviews file again after a re-extraction must not re-review changed evidence.
 */
const sameReview = (stored: Review, review: NewReview): boolean =>
  stored.agencyId === review.agencyId &&
  stored.year === review.year &&
  stored.findingKey === review.findingKey &&
  stored.fact === review.fact &&
  stored.action === review.action &&
  stored.value === review.value &&
  stored.evidence === review.evidence &&
  stored.reason === review.reason &&
  stored.reviewer === review.reviewer &&
  (review.createdAt === undefined || stored.createdAt === review.createdAt);

/**
 * Appends reviews in one transaction, in the order given, and returns the stored rows. With
 * `skipExisting`, a review a stored one already says (see `sameReview`) is not added again: what
 * makes importing the same reviews file twice add nothing.
 */
export async function addReviews(
  db: Kysely<Database>,
  reviews: readonly NewReview[],
  options: { clock?: Clock; skipExisting?: boolean } = {},
): Promise<{ added: Review[]; skipped: number }> {
  if (reviews.length === 0) return { added: [], skipped: 0 };
  const now = stamp(options.clock ?? systemClock);
  return db.transaction().execute(async (trx) => {
    const added: Review[] = [];
    let skipped = 0;
    const years = new Map<string, Review[]>();
    for (const review of reviews) {
      if (options.skipExisting) {
        const at = `${review.agencyId}\u0000${review.year}`;
        let stored = years.get(at);
        if (!stored) years.set(at, (stored = await reviewsOf(trx, review)));
        if (stored.some((s) => sameReview(s, review))) {
          skipped++;
          continue;
        }
      }
      const row = await trx
        .insertInto("reviews")
        .values({
          agency_id: review.agencyId,
          year: review.year,
          finding_key: review.findingKey,
          fact: review.fact,
          action: review.action,
          value: review.value,
          evidence: review.evidence,
          fingerprint: review.fingerprint,
          reason: review.reason,
          reviewer: review.reviewer,
          source: review.source ?? "command",
          created_at: review.createdAt ?? now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const stored = decodeReview(row);
      added.push(stored);
      years.get(`${review.agencyId}\u0000${review.year}`)?.push(stored);
    }
    return { added, skipped };
  });
}

/** The reviews (the whole history), oldest first, of an agency, a year, an agency-year or all; only those since a time when asked. */
export async function reviewsOf(
  db: Kysely<Database>,
  filter: { agencyId?: string; year?: number; since?: string } = {},
): Promise<Review[]> {
  let q = db.selectFrom("reviews").selectAll();
  if (filter.agencyId !== undefined) q = q.where("agency_id", "=", filter.agencyId);
  if (filter.year !== undefined) q = q.where("year", "=", filter.year);
  if (filter.since !== undefined) q = q.where("created_at", ">=", filter.since);
  return (await q.orderBy("id").execute()).map(decodeReview);
}

/** Every review of a batch of agencies, by agency and year, oldest first (what the grade stage grades with). */
export async function reviewsOfAgencies(
  db: Kysely<Database>,
  agencyIds: readonly string[],
): Promise<Map<string, Map<number, Review[]>>> {
  const out = new Map<string, Map<number, Review[]>>();
  if (agencyIds.length === 0) return out;
  const rows = await db
    .selectFrom("reviews")
    .selectAll()
    .where("agency_id", "in", agencyIds)
    .orderBy("id")
    .execute();
  for (const review of rows.map(decodeReview)) {
    let years = out.get(review.agencyId);
    if (!years) out.set(review.agencyId, (years = new Map()));
    const list = years.get(review.year);
    if (list) list.push(review);
    else years.set(review.year, [review]);
  }
  return out;
}

/** A grade's headline as the review changes read it: the state, letter and score. */
export interface GradeHeadline {
  state: string;
  letter: string;
  label: string;
  score: number;
}

/** What reviews changed of one agency-year's grade (see `reviewChangesSince`). */
export interface ReviewChange {
  agencyId: string;
  year: number;
  /** The reviews of the agency-year made since the time asked for, oldest first. */
  reviews: Review[];
  /** The grade now (made after those reviews). */
  grade: GradeHeadline & { gradedAt: string };
  /** The grade the same evidence gets without any review; null when the reviews do not change it. */
  withoutReviews: GradeHeadline | null;
  /** What the reviews did, as the grade states it (Chinese, one line each: 撤销…, 更正…). */
  effects: string[];
}

/**
 * The agency-years whose reviews made since `since` (an ISO time) the grade stage has taken in
 * (their grade was made at or after the latest of them), with the grade now, the grade without
 * reviews (the grade stage keeps it in the total's evidence as `withoutReviews`) and what the reviews
 * did. Only those whose grade the reviews change, unless `all`. What a 更正 message lists.
 */
export async function reviewChangesSince(
  db: Kysely<Database>,
  since: string,
  options: { all?: boolean } = {},
): Promise<ReviewChange[]> {
  const recent = await reviewsOf(db, { since });
  const byYear = new Map<string, Review[]>();
  for (const r of recent) {
    const at = `${r.agencyId}\u0000${r.year}`;
    const list = byYear.get(at);
    if (list) list.push(r);
    else byYear.set(at, [r]);
  }
  const out: ReviewChange[] = [];
  for (const reviews of byYear.values()) {
    const { agencyId, year } = reviews[0]!;
    const total = await db
      .selectFrom("grades")
      .selectAll()
      .where("agency_id", "=", agencyId)
      .where("year", "=", year)
      .where("dimension", "=", "total")
      .executeTakeFirst();
    if (!total || total.graded_at < reviews.at(-1)!.createdAt) continue;
    const evidence = decodeJsonColumn<Record<string, unknown>>(
      total.evidence,
      `grades (agency ${agencyId}, year ${year}, total).evidence`,
      "object",
    );
    const headline = (e: Record<string, unknown>, score: unknown): GradeHeadline => ({
      state: typeof e.state === "string" ? e.state : "graded",
      letter: typeof e.letter === "string" ? e.letter : "",
      label: typeof e.label === "string" ? e.label : "",
      score: typeof score === "number" ? score : 0,
    });
    const before = evidence.withoutReviews as Record<string, unknown> | undefined;
    const withoutReviews = before ? headline(before, before.score) : null;
    if (!withoutReviews && !options.all) continue;
    const effects = Array.isArray(evidence.reviewEffects)
      ? evidence.reviewEffects.filter((e): e is string => typeof e === "string")
      : [];
    out.push({
      agencyId,
      year,
      reviews,
      grade: { ...headline(evidence, total.points), gradedAt: total.graded_at },
      withoutReviews,
      effects,
    });
  }
  return out.sort((a, b) => a.agencyId.localeCompare(b.agencyId) || a.year - b.year);
}
