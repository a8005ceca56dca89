import type { Kysely } from "kysely";
import type { ReportWithSource } from "./grading-reads.js";
import type { Database, GradeRow, PublicationRow } from "./schema.js";

/**
 * Reads for stages that walk the registry a batch of agencies at a time (grade, publish): a few
 * queries per batch instead of a few per agency-year, and nothing held beyond the batch.
 */

/** Ids per `IN (…)` list: far below SQLite's variable limit, and a batch's rows stay small. */
export const AGENCY_BATCH = 200;

/** Every report of these agencies with values, checks, source documents and (optionally) sections. */
export async function reportsOfAgencies(
  db: Kysely<Database>,
  agencyIds: readonly string[],
  options: { sections?: boolean } = {},
): Promise<Map<string, Map<number, ReportWithSource>>> {
  const out = new Map<string, Map<number, ReportWithSource>>();
  if (agencyIds.length === 0) return out;
  const reports = await db.selectFrom("reports").selectAll().where("agency_id", "in", agencyIds).execute();
  if (reports.length === 0) return out;
  const ofAgencies = db.selectFrom("reports").select("id").where("agency_id", "in", agencyIds);
  const [values, checks, sections, documents] = await Promise.all([
    db
      .selectFrom("report_values")
      .selectAll()
      .where("report_id", "in", ofAgencies)
      .orderBy("report_id")
      .orderBy("key")
      .execute(),
    db
      .selectFrom("checks")
      .selectAll()
      .where("report_id", "in", ofAgencies)
      .orderBy("report_id")
      .orderBy("key")
      .execute(),
    options.sections
      ? db
          .selectFrom("report_sections")
          .selectAll()
          .where("report_id", "in", ofAgencies)
          .orderBy("report_id")
          .orderBy("position")
          .execute()
      : Promise.resolve([]),
    db
      .selectFrom("documents")
      .selectAll()
      .where("id", "in", db.selectFrom("reports").select("document_id").where("agency_id", "in", agencyIds))
      .execute(),
  ]);
  const documentById = new Map(documents.map((d) => [d.id, d]));
  const byId = new Map<number, ReportWithSource>();
  for (const report of reports) {
    const full: ReportWithSource = {
      report,
      values: [],
      sections: [],
      checks: [],
      document: report.document_id === null ? undefined : documentById.get(report.document_id),
    };
    byId.set(report.id, full);
    let years = out.get(report.agency_id);
    if (!years) out.set(report.agency_id, (years = new Map()));
    years.set(report.year, full);
  }
  for (const v of values) byId.get(v.report_id)?.values.push(v);
  for (const c of checks) byId.get(c.report_id)?.checks.push(c);
  for (const s of sections) byId.get(s.report_id)?.sections.push(s);
  return out;
}

/** Grades of these agencies (every dimension, or only one), by agency, ordered by year and dimension. */
export async function gradesOfAgencies(
  db: Kysely<Database>,
  agencyIds: readonly string[],
  options: { dimension?: string } = {},
): Promise<Map<string, GradeRow[]>> {
  const out = new Map<string, GradeRow[]>();
  if (agencyIds.length === 0) return out;
  let query = db.selectFrom("grades").selectAll().where("agency_id", "in", agencyIds);
  if (options.dimension !== undefined) query = query.where("dimension", "=", options.dimension);
  const rows = await query.orderBy("agency_id").orderBy("year").orderBy("dimension").execute();
  for (const row of rows) {
    const list = out.get(row.agency_id);
    if (list) list.push(row);
    else out.set(row.agency_id, [row]);
  }
  return out;
}

/** Recorded output files of these agencies (cards, archives), by path. */
export async function publicationsOfAgencies(
  db: Kysely<Database>,
  agencyIds: readonly string[],
): Promise<Map<string, PublicationRow>> {
  if (agencyIds.length === 0) return new Map();
  const rows = await db.selectFrom("publications").selectAll().where("agency_id", "in", agencyIds).execute();
  return new Map(rows.map((r) => [r.path, r]));
}

/** Recorded output files that belong to no agency (summaries, index, open data), by path. */
export async function sharedPublications(db: Kysely<Database>): Promise<Map<string, PublicationRow>> {
  const rows = await db.selectFrom("publications").selectAll().where("agency_id", "is", null).execute();
  return new Map(rows.map((r) => [r.path, r]));
}

/** Years every agency reported, by agency (for the grade stage's monitoring window). */
export async function reportYearsOfAgencies(
  db: Kysely<Database>,
  agencyIds: readonly string[],
): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>();
  if (agencyIds.length === 0) return out;
  const rows = await db
    .selectFrom("reports")
    .select(["agency_id", "year"])
    .where("agency_id", "in", agencyIds)
    .orderBy("agency_id")
    .orderBy("year")
    .execute();
  for (const r of rows) {
    const years = out.get(r.agency_id);
    if (years) years.push(r.year);
    else out.set(r.agency_id, [r.year]);
  }
  return out;
}

/** What a jurisdiction summary needs of each report: some values, and how many hard checks failed. */
export interface SummaryFigures {
  values: Map<string, number | null>;
  failedHardChecks: number;
}

/** Per agency and year: the given values and the failed hard checks of its report. */
export async function summaryFiguresOfAgencies(
  db: Kysely<Database>,
  agencyIds: readonly string[],
  keys: readonly string[],
): Promise<Map<string, Map<number, SummaryFigures>>> {
  const out = new Map<string, Map<number, SummaryFigures>>();
  if (agencyIds.length === 0) return out;
  const [values, failed] = await Promise.all([
    db
      .selectFrom("report_values")
      .innerJoin("reports", "reports.id", "report_values.report_id")
      .select(["reports.agency_id", "reports.year", "report_values.key", "report_values.value"])
      .where("reports.agency_id", "in", agencyIds)
      .where("report_values.key", "in", keys.length ? keys : [""])
      .execute(),
    db
      .selectFrom("checks")
      .innerJoin("reports", "reports.id", "checks.report_id")
      .select((eb) => ["reports.agency_id", "reports.year", eb.fn.countAll<number>().as("n")])
      .where("reports.agency_id", "in", agencyIds)
      .where("checks.status", "=", "fail")
      .where("checks.severity", "=", "hard")
      .groupBy(["reports.agency_id", "reports.year"])
      .execute(),
  ]);
  const entry = (agencyId: string, year: number) => {
    let years = out.get(agencyId);
    if (!years) out.set(agencyId, (years = new Map()));
    let figures = years.get(year);
    if (!figures) years.set(year, (figures = { values: new Map(), failedHardChecks: 0 }));
    return figures;
  };
  for (const v of values) entry(v.agency_id, v.year).values.set(v.key, v.value);
  for (const f of failed) entry(f.agency_id, f.year).failedHardChecks = Number(f.n);
  return out;
}
