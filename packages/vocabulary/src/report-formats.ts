/**
 * The three shapes an annual report comes in (report-format.md): `legacy` prose (before 2019, and
 * reports that ignore the template), the 2019 template and the 2021 template.
 */
export const REPORT_FORMATS = ["legacy", "2019", "2021"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** What a source document was read as. */
export const SOURCE_KINDS = ["html", "text", "pdf", "docx", "doc", "image"] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const isReportFormat = (value: unknown): value is ReportFormat =>
  (REPORT_FORMATS as readonly unknown[]).includes(value);
