import { type GradeFinding, type GradedReview, gradedReview, gradesByYear } from "@touming/grade";
import {
  type Agency,
  type Review,
  type StoreDb,
  getAgency,
  gradesOf,
  reportsOfAgencies,
} from "@touming/store";
import { FINDING_KEY_EXAMPLES, parseFindingKey } from "@touming/vocabulary";

/**
 * The store reads a review stands on: the agency, the findings of its agency-year's grade, and the
 * one finding a review names, each refused in one line that says what to run or what exists. A
 * review records the fingerprint of the evidence it reviews, so a grade made before its report was
 * extracted again is refused here rather than reviewed out of date.
 */

/** One agency-year's grade as the review commands read it: its findings, and where each stands now. */
export interface GradedYear {
  agency: Agency;
  year: number;
  findings: GradeFinding[];
}

/** The reviews of an agency-year as grading reads them. */
export const asGraded = (reviews: readonly Review[]): GradedReview[] => reviews.map((r) => gradedReview(r));

/** The agency, or a one-line refusal. */
export async function agencyOf(db: StoreDb, id: string): Promise<Agency> {
  const agency = await getAgency(db, id);
  if (!agency) throw new Error(`no agency "${id}" in the registry (touming agencies list shows them)`);
  return agency;
}

/**
 * The findings of an agency-year's stored grade, or a one-line refusal: when it has none, or when its
 * report was extracted again after it was graded (a review records the fingerprint of the evidence
 * it reviews: that of a grade made before the re-extraction would be out of date at once).
 */
export async function gradedYear(db: StoreDb, agency: Agency, year: number): Promise<GradedYear> {
  const rows = await gradesOf(db, { agencyId: agency.id, year });
  const grade = gradesByYear(rows).get(year);
  if (!grade) throw new Error(`${agency.id} ${year} has no grade yet: run touming grade first`);
  const gradedAt = rows.find((r) => r.dimension === "total")!.graded_at;
  const report = (await reportsOfAgencies(db, [agency.id])).get(agency.id)?.get(year);
  if (report && report.report.updated_at > gradedAt)
    throw new Error(
      `the report of ${agency.id} ${year} was extracted again after it was graded: run touming grade first, then review its findings`,
    );
  return { agency, year, findings: grade.findings };
}

/** The finding of the grade named by `key`, or a refusal naming the ones it has. */
export function findingOf(graded: GradedYear, key: string): GradeFinding {
  if (!parseFindingKey(key)) throw new Error(`"${key}": expected a finding key: ${FINDING_KEY_EXAMPLES}`);
  const finding = graded.findings.find((f) => f.key === key);
  if (!finding) {
    const keys = graded.findings.map((f) => f.key);
    throw new Error(
      `${graded.agency.id} ${graded.year} has no finding ${key} (${keys.length ? `its findings: ${keys.join(", ")}` : "its grade states none"})`,
    );
  }
  return finding;
}
