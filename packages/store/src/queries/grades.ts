import { decodeJsonColumn } from "../json-columns.js";
import type { Kysely } from "kysely";
import { type Clock, stamp, systemClock } from "../clock.js";
import type { Database, GradeRow } from "../schema.js";

export interface DimensionGrade {
  dimension: string;
  points: number;
  maxPoints: number;
  reason: string;
  /** What the points were given for; stored as JSON (an empty object when left out). */
  evidence?: Record<string, unknown>;
}

/** A row of `grades` as the reads give it: its evidence decoded. */
export type StoredGrade = Omit<GradeRow, "evidence"> & { evidence: Record<string, unknown> };

/** The text `grades.evidence` holds for this evidence: two evidences are the same grade when their texts are. */
export const encodeEvidence = (evidence: Record<string, unknown> | undefined): string =>
  JSON.stringify(evidence ?? {});

/** A `grades` row with its evidence decoded. */
const decodeGrade = (row: GradeRow): StoredGrade => ({
  ...row,
  evidence: decodeJsonColumn<Record<string, unknown>>(
    row.evidence,
    `grades (agency ${row.agency_id}, year ${row.year}, ${row.dimension}).evidence`,
    "object",
  ),
});

export interface AgencyYearGrade {
  agencyId: string;
  year: number;
  reportId: number | null;
  rubricVersion: string;
  dimensions: readonly DimensionGrade[];
}

/** Replaces the grades of several agency-years, all in one transaction. */
export async function saveGrades(
  db: Kysely<Database>,
  grades: readonly AgencyYearGrade[],
  clock: Clock = systemClock,
): Promise<void> {
  if (grades.length === 0) return;
  const now = stamp(clock);
  await db.transaction().execute(async (trx) => {
    for (const grade of grades) await replaceGrades(trx, grade, now);
  });
}

async function replaceGrades(trx: Kysely<Database>, grade: AgencyYearGrade, now: string): Promise<void> {
  await trx
    .deleteFrom("grades")
    .where("agency_id", "=", grade.agencyId)
    .where("year", "=", grade.year)
    .execute();
  if (grade.dimensions.length === 0) return;
  await trx
    .insertInto("grades")
    .values(
      grade.dimensions.map((d) => ({
        agency_id: grade.agencyId,
        year: grade.year,
        report_id: grade.reportId,
        rubric_version: grade.rubricVersion,
        dimension: d.dimension,
        points: d.points,
        max_points: d.maxPoints,
        reason: d.reason,
        evidence: encodeEvidence(d.evidence),
        graded_at: now,
      })),
    )
    .execute();
}

/**
 * Deletes every grade row (all dimensions) of an agency in the given years: the grade stage's way to
 * withdraw agency-years that are no longer graded (outside the agency's monitoring window), so that
 * publish prints no card for them. Returns how many rows went.
 */
export async function deleteGradesOfYears(
  db: Kysely<Database>,
  agencyId: string,
  years: readonly number[],
): Promise<number> {
  if (years.length === 0) return 0;
  const result = await db
    .deleteFrom("grades")
    .where("agency_id", "=", agencyId)
    .where("year", "in", years)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Grades of one agency-year (all dimensions), or of every agency for a year; evidence decoded. */
export async function gradesOf(
  db: Kysely<Database>,
  filter: { agencyId?: string; year?: number },
): Promise<StoredGrade[]> {
  let q = db.selectFrom("grades").selectAll();
  if (filter.agencyId !== undefined) q = q.where("agency_id", "=", filter.agencyId);
  if (filter.year !== undefined) q = q.where("year", "=", filter.year);
  const rows = await q.orderBy("agency_id").orderBy("year").orderBy("dimension").execute();
  return rows.map(decodeGrade);
}

/**
 * Grades of a batch of agencies (every dimension, or only one), by agency, ordered by year and
 * dimension; evidence decoded.
 */
export async function gradesOfAgencies(
  db: Kysely<Database>,
  agencyIds: readonly string[],
  options: { dimension?: string } = {},
): Promise<Map<string, StoredGrade[]>> {
  const out = new Map<string, StoredGrade[]>();
  if (agencyIds.length === 0) return out;
  let query = db.selectFrom("grades").selectAll().where("agency_id", "in", agencyIds);
  if (options.dimension !== undefined) query = query.where("dimension", "=", options.dimension);
  const rows = await query.orderBy("agency_id").orderBy("year").orderBy("dimension").execute();
  for (const row of rows.map(decodeGrade)) {
    const list = out.get(row.agency_id);
    if (list) list.push(row);
    else out.set(row.agency_id, [row]);
  }
  return out;
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
