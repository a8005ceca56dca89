import type { Kysely } from "kysely";
import type { CheckRow, Database, ReportRow, ReportSectionRow, ReportValueRow } from "./schema.js";

export interface ReportSummary {
  id: number;
  agencyId: string;
  agencyName: string;
  year: number;
  format: string | null;
  publishDate: string | null;
  documentId: number | null;
  failedChecks: number;
}

/** Every report of one year with its agency, ordered by agency id. */
export async function reportsForYear(db: Kysely<Database>, year: number): Promise<ReportSummary[]> {
  const rows = await db
    .selectFrom("reports")
    .innerJoin("agencies", "agencies.id", "reports.agency_id")
    .select((eb) => [
      "reports.id",
      "reports.agency_id",
      "agencies.name",
      "reports.year",
      "reports.format",
      "reports.publish_date",
      "reports.document_id",
      eb
        .selectFrom("checks")
        .select((c) => c.fn.countAll<number>().as("n"))
        .whereRef("checks.report_id", "=", "reports.id")
        .where("checks.status", "=", "fail")
        .as("failed_checks"),
    ])
    .where("reports.year", "=", year)
    .orderBy("reports.agency_id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    agencyId: r.agency_id,
    agencyName: r.name,
    year: r.year,
    format: r.format,
    publishDate: r.publish_date,
    documentId: r.document_id,
    failedChecks: Number(r.failed_checks ?? 0),
  }));
}

export interface FullReport {
  report: ReportRow;
  values: ReportValueRow[];
  sections: ReportSectionRow[];
  checks: CheckRow[];
}

/** One agency-year report with its values (by key), sections (in order) and checks (by key). */
export async function getReport(
  db: Kysely<Database>,
  agencyId: string,
  year: number,
): Promise<FullReport | undefined> {
  const report = await db
    .selectFrom("reports")
    .selectAll()
    .where("agency_id", "=", agencyId)
    .where("year", "=", year)
    .executeTakeFirst();
  if (!report) return undefined;
  const [values, sections, checks] = await Promise.all([
    db.selectFrom("report_values").selectAll().where("report_id", "=", report.id).orderBy("key").execute(),
    db
      .selectFrom("report_sections")
      .selectAll()
      .where("report_id", "=", report.id)
      .orderBy("position")
      .execute(),
    db.selectFrom("checks").selectAll().where("report_id", "=", report.id).orderBy("key").execute(),
  ]);
  return { report, values, sections, checks };
}
