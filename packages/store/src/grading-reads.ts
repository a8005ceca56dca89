import type { Kysely } from "kysely";
import type { FullReport } from "./reports.js";
import type { Database, DocumentRow, GradeRow } from "./schema.js";

/** Years that have at least one report, ascending. */
export async function reportYears(db: Kysely<Database>): Promise<number[]> {
  const rows = await db.selectFrom("reports").select("year").distinct().orderBy("year").execute();
  return rows.map((r) => r.year);
}

export interface ReportWithSource extends FullReport {
  document: DocumentRow | undefined;
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

/** Grades of one agency-year (all dimensions), or of every agency for a year. */
export async function gradesOf(
  db: Kysely<Database>,
  filter: { agencyId?: string; year?: number },
): Promise<GradeRow[]> {
  let q = db.selectFrom("grades").selectAll();
  if (filter.agencyId !== undefined) q = q.where("agency_id", "=", filter.agencyId);
  if (filter.year !== undefined) q = q.where("year", "=", filter.year);
  return q.orderBy("agency_id").orderBy("year").orderBy("dimension").execute();
}

/** Years that have grades, ascending. */
export async function gradedYears(db: Kysely<Database>): Promise<number[]> {
  const rows = await db.selectFrom("grades").select("year").distinct().orderBy("year").execute();
  return rows.map((r) => r.year);
}

/** How many agency-years have a grade (in the given years, or in all). */
export async function countGradedAgencyYears(
  db: Kysely<Database>,
  years?: readonly number[],
): Promise<number> {
  let q = db
    .selectFrom("grades")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("dimension", "=", "total");
  if (years) q = q.where("year", "in", years.length ? years : [-1]);
  return Number((await q.executeTakeFirst())?.n ?? 0);
}
