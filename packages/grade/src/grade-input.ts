import type { CheckSeverity, CheckStatus, ReportFormat } from "@touming/vocabulary";

/** One extracted value as grading sees it. */
export interface GradedValue {
  key: string;
  value: number | null;
  raw: string | null;
}

/** One check of a report (from extraction) or across its years (from grading). */
export interface GradedCheck {
  /** `T3-A:total` */
  key: string;
  severity: CheckSeverity;
  status: CheckStatus;
  left: string;
  right: string;
  message: string;
}

/** The report of an agency-year, as grading sees it. */
export interface GradedReport {
  format: ReportFormat | null;
  publishDate: string | null;
  publishDateSource: string | null;
  /** When the crawler first saw the source document (ISO timestamp). */
  firstSeenAt: string | null;
  text: string;
  sourceUrl: string | null;
  sourceKind: string | null;
  scanned: boolean;
  values: GradedValue[];
  sections: { key: string; title: string; text: string }[];
  checks: GradedCheck[];
}

/** Everything grading one agency-year needs; nothing else is read. */
export interface GradeInput {
  agency: {
    id: string;
    name: string;
    level: string;
    siteUrl: string | null;
    listUrls: string[];
    deadlineOverride: string | null;
  };
  year: number;
  report: GradedReport | null;
  previous: { year: number; text: string; values: GradedValue[] } | null;
  /** Where and when the crawler looked, for a missing report. */
  looked: { url: string; at: string }[];
}

/** An agency-year that has a report: what a dimension grades. */
export type ReportedGradeInput = GradeInput & { report: GradedReport };
