import type { Kysely } from "kysely";
import { type Clock, stamp, systemClock } from "./clock.js";
import type { Database } from "./schema.js";

export interface DimensionGrade {
  dimension: string;
  points: number;
  maxPoints: number;
  reason: string;
  evidence?: Record<string, unknown>;
}

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
        evidence: JSON.stringify(d.evidence ?? {}),
        graded_at: now,
      })),
    )
    .execute();
}
