import { decodeJsonColumn } from "../json-columns.js";
import type { Kysely } from "kysely";
import type {
  CheckRow,
  Database,
  DocumentRow,
  OcrLevel,
  ReportRow,
  ReportSectionRow,
  ReportValueRow,
} from "../schema.js";

/**
 * Reads of `reports` with its child tables (`report_values`, `report_sections`, `checks`), one report
 * at a time or a batch of agencies at a time (`…OfAgencies`: a few queries per batch instead of a few
 * per agency-year, for the stages that walk the registry a batch of agencies at a time).
 */

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

/** A row of `reports` as the reads give it: its metadata and warnings decoded. */
export type StoredReport = Omit<ReportRow, "metadata" | "warnings"> & {
  /** What the extractor read about the document (title, encoding, source kind, scanned…). */
  metadata: Record<string, unknown>;
  warnings: string[];
};

/** A `reports` row with its JSON columns decoded. */
export const decodeReport = (row: ReportRow): StoredReport => ({
  ...row,
  metadata: decodeJsonColumn<Record<string, unknown>>(
    row.metadata,
    `reports (id ${row.id}).metadata`,
    "object",
  ),
  warnings: decodeJsonColumn<string[]>(row.warnings, `reports (id ${row.id}).warnings`, "array"),
});

/** How OCR read a stored figure from a page image. */
export interface StoredOcrMark {
  /** 0..1 */
  confidence: number;
  level: OcrLevel;
  /** `[left, top, width, height]` in the page image's pixels; null when not recorded. */
  box: [number, number, number, number] | null;
}

/** A `report_values` row as the reads give it: its OCR columns as one mark (null: not read by OCR). */
export type StoredValue = Omit<ReportValueRow, "confidence" | "ocr_level" | "ocr_box"> & {
  ocr: StoredOcrMark | null;
};

const isBox = (value: unknown): value is [number, number, number, number] =>
  Array.isArray(value) && value.length === 4 && value.every((n) => typeof n === "number");

/** A `report_values` row with its OCR columns decoded. */
export function decodeValue(row: ReportValueRow): StoredValue {
  const { confidence, ocr_level, ocr_box, ...rest } = row;
  if (ocr_level === null) return { ...rest, ocr: null };
  const box =
    ocr_box === null
      ? null
      : decodeJsonColumn<unknown[]>(
          ocr_box,
          `report_values (report ${row.report_id}, ${row.key}).ocr_box`,
          "array",
        );
  return { ...rest, ocr: { confidence: confidence ?? 0, level: ocr_level, box: isBox(box) ? box : null } };
}

export interface FullReport {
  report: StoredReport;
  values: StoredValue[];
  sections: ReportSectionRow[];
  checks: CheckRow[];
}

/** One agency-year report (decoded) with its values (by key), sections (in order) and checks (by key). */
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
  return { report: decodeReport(report), values: values.map(decodeValue), sections, checks };
}

/** Years that have at least one report, ascending. */
export async function reportYears(db: Kysely<Database>): Promise<number[]> {
  const rows = await db.selectFrom("reports").select("year").distinct().orderBy("year").execute();
  return rows.map((r) => r.year);
}

/** Per year: how many reports, and how many of their checks failed. */
export async function reportsPerYear(
  db: Kysely<Database>,
): Promise<{ year: number; reports: number; failedChecks: number }[]> {
  const rows = await db
    .selectFrom("reports")
    .leftJoin("checks", (join) =>
      join.onRef("checks.report_id", "=", "reports.id").on("checks.status", "=", "fail"),
    )
    .select((eb) => [
      "reports.year",
      eb.fn.count<number>("reports.id").distinct().as("reports"),
      eb.fn.count<number>("checks.key").as("failed_checks"),
    ])
    .groupBy("reports.year")
    .orderBy("reports.year")
    .execute();
  return rows.map((r) => ({
    year: r.year,
    reports: Number(r.reports),
    failedChecks: Number(r.failed_checks),
  }));
}

export interface ReportWithSource extends FullReport {
  document: DocumentRow | undefined;
  /** What the source was read as (`html`, `pdf`, `docx`…), from the report's metadata; null when not recorded. */
  sourceKind: string | null;
  /** Whether the source was a scan without a text layer, from the report's metadata. */
  scanned: boolean;
  /**
   * Why the report's tables could not be read although its format is clear (cells run together in a
   * text dump…), from the report's metadata; null when they were read or none were expected.
   */
  tablesUnreadable: string | null;
  /** The pages read by OCR and their images' blobs, from the report's metadata; null when none was. */
  ocr: StoredOcrReading | null;
}

/** A page read by OCR, as the report's metadata keeps it: the image is a blob, named by its sha256. */
export interface StoredOcrPage {
  page: number;
  dpi: number;
  width: number;
  height: number;
  skewDegrees: number;
  meanConfidence: number;
  words: number;
  /** The cleaned page image (JPEG) in the blob store. */
  imageSha256: string;
}

/** The OCR part of a stored report: the engine and the pages it read. */
export interface StoredOcrReading {
  engine: string;
  pages: StoredOcrPage[];
  /** Scanned pages whose text is not known (unread, or read too poorly): what seems missing may be there. */
  unreadPages: number[];
}

const SHA256 = /^[0-9a-f]{64}$/;
const isNumber = (n: unknown): n is number => typeof n === "number" && Number.isFinite(n);

/** The metadata's `ocr` as read (pages without a well-formed image digest are left out); null when absent. */
export function ocrReadingOf(metadata: Record<string, unknown>): StoredOcrReading | null {
  const ocr = metadata.ocr as { engine?: unknown; pages?: unknown; unreadPages?: unknown } | null | undefined;
  if (!ocr || typeof ocr !== "object") return null;
  const pages = (Array.isArray(ocr.pages) ? ocr.pages : []).flatMap((p: Record<string, unknown>) => {
    if (typeof p !== "object" || p === null) return [];
    const { page, dpi, width, height, skewDegrees, meanConfidence, words, imageSha256 } = p;
    if (!isNumber(page) || typeof imageSha256 !== "string" || !SHA256.test(imageSha256)) return [];
    const n = (x: unknown) => (isNumber(x) ? x : 0);
    return [
      {
        page,
        dpi: n(dpi),
        width: n(width),
        height: n(height),
        skewDegrees: n(skewDegrees),
        meanConfidence: n(meanConfidence),
        words: n(words),
        imageSha256,
      },
    ];
  });
  const unreadPages = Array.isArray(ocr.unreadPages) ? ocr.unreadPages.filter(isNumber) : [];
  return { engine: typeof ocr.engine === "string" ? ocr.engine : "", pages, unreadPages };
}

/** The facts of a report's (decoded) metadata its readers use. */
function sourceFactsOf(
  report: StoredReport,
): Pick<ReportWithSource, "sourceKind" | "scanned" | "tablesUnreadable" | "ocr"> {
  const { sourceKind, scanned, tables } = report.metadata;
  const reading = tables as { state?: unknown; reason?: unknown } | undefined;
  return {
    sourceKind: typeof sourceKind === "string" ? sourceKind : null,
    scanned: scanned === true,
    tablesUnreadable:
      reading?.state === "unreadable" ? (typeof reading.reason === "string" ? reading.reason : "") : null,
    ocr: ocrReadingOf(report.metadata),
  };
}

/** Every report of these agencies (decoded) with values, checks, source documents and (optionally) sections. */
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
  for (const row of reports) {
    const report = decodeReport(row);
    const full: ReportWithSource = {
      report,
      values: [],
      sections: [],
      checks: [],
      document: row.document_id === null ? undefined : documentById.get(row.document_id),
      ...sourceFactsOf(report),
    };
    byId.set(row.id, full);
    let years = out.get(row.agency_id);
    if (!years) out.set(row.agency_id, (years = new Map()));
    years.set(row.year, full);
  }
  for (const v of values) byId.get(v.report_id)?.values.push(decodeValue(v));
  for (const c of checks) byId.get(c.report_id)?.checks.push(c);
  for (const s of sections) byId.get(s.report_id)?.sections.push(s);
  return out;
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
  /** Failed hard checks, less those on OCR figures left for human check (`ocr_review`). */
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
      // A failure on OCR figures not all read with confidence is for human check, not the agency's error.
      .where("checks.ocr_review", "=", 0)
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
