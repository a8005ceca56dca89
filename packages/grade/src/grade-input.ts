import type { CheckSeverity, CheckStatus, ReportFormat } from "@touming/vocabulary";

/** One extracted value as grading sees it. */
export interface GradedValue {
  key: string;
  value: number | null;
  raw: string | null;
  /** A prose figure given as approximate (约…): X-3 does not compare it. The report's own values only. */
  approximate?: boolean;
  /** The text it was read from (prose figures: what X-3's left side quotes). The report's own values only. */
  excerpt?: string | null;
  /**
   * Read by OCR from a scanned page: how sure (0..1) and how it was read (`unreadable`: the value is
   * null — not read, never missing). Absent for a figure read from text, or corrected by review.
   */
  ocr?: { confidence: number; level: "high" | "low" | "unreadable" };
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
  /**
   * The check takes figures read by OCR not all with high confidence: a failure is a 提示 for human
   * check (据扫描件识别的数字未能全部确认), never the agency's error — no points, no cap.
   */
  ocrReview?: true;
}

/** The report of an agency-year, as grading sees it. */
export interface GradedReport {
  format: ReportFormat | null;
  publishDate: string | null;
  publishDateSource: string | null;
  /** When the crawler first saw the source document (ISO timestamp): never evidence on its own. */
  firstSeenAt: string | null;
  /** The date beside the report's link on its column (or in the column's JSON API), if any. */
  listedDate?: string | null;
  listedDateSource?: "list" | "api" | null;
  text: string;
  sourceUrl: string | null;
  sourceKind: string | null;
  scanned: boolean;
  /** The report's figures were read by OCR from its page images (a scan). */
  ocrRead?: boolean;
  /** Scanned pages OCR left unread or read too poorly: what the report seems to lack may be on them. */
  ocrUnreadPages?: number[];
  /**
   * Why the tables could not be read though the format is clear (our reader's limit, not the
   * agency's): the data dimensions are then not scored. Null or absent when read or not expected.
   */
  tablesUnreadable?: string | null;
  /** The report names another body than this agency: the name and where it was read (title, signature…). */
  agencyMismatch?: { found: string; source: string } | null;
  values: GradedValue[];
  sections: { key: string; title: string; text: string }[];
  checks: GradedCheck[];
  /** The publish date an office corrected by review, with the URL that shows it (set by grading). */
  reviewedPublishDate?: { date: string; url: string } | null;
}

/** One crawl of the agency that ran to its end: whether it read every list page of the agency. */
export interface CrawlCoverageFact {
  finishedAt: string;
  complete: boolean;
  /** Why it was not complete: the pages and what stopped them (finding kinds and details). */
  reasons: { url: string; kind: string; detail: string }[];
}

/** A report link dead in crawls over a period (404/410, or an error page where a file was). */
export interface DeadLinkFact {
  url: string;
  title: string | null;
  firstDeadAt: string;
  lastDeadAt: string;
  /** In the last of those crawls, the same host answered other requests. */
  hostAnswered: boolean;
}

/**
 * One review of the agency-year (the `reviews` table's rows, oldest first): an office confirmed,
 * dismissed or withdrew a finding, or corrected a fact (or withdrew its correction). See
 * `reviews/` for what each does to the grade.
 */
export interface GradedReview {
  id: number;
  /** The finding reviewed (`check:T3-A:total`), or null for a fact. */
  findingKey: string | null;
  /** The fact corrected (`publish_date`, `agency`, `cell:<value key>`), or null for a finding. */
  fact: string | null;
  action: "confirm" | "dismiss" | "correct" | "withdraw";
  /** The corrected value: a date, an agency id, a number as text. */
  value: string | null;
  /** What shows it: a URL (publish date), where the right figure is printed (a cell). */
  evidence: string | null;
  /** The fingerprint of what was reviewed (the finding's evidence, the fact as extracted). */
  fingerprint: string | null;
  reason: string;
  reviewer: string;
  createdAt: string;
  /** An `agency` correction: the registry's name of the agency it names (cards print names, not ids). */
  valueName?: string | null;
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
  /** The agency's crawls that ran to their end, newest first (missing: none recorded). */
  coverage?: CrawlCoverageFact[];
  /** Report links of this year found dead (for a year without a report). */
  deadLinks?: DeadLinkFact[];
  /** The year is outside the agency's monitoring window. */
  unmonitored?: boolean;
  /** The offices' reviews of this agency-year, oldest first (none: every finding 待复核). */
  reviews?: GradedReview[];
}

/** An agency-year that has a report: what a dimension grades. */
export type ReportedGradeInput = GradeInput & { report: GradedReport };
