import type { Agency, CrawlCoverage, DeadReportLink, ReportWithSource, Review } from "@touming/store";
import { yearFromTitle } from "@touming/vocabulary";
import type { GradeInput, GradedReview, GradedValue } from "./grade-input.js";
import { extractedFact } from "./reviews/corrections.js";
import { activeCorrections } from "./reviews/review-states.js";

/** Whether a correction in force says the agency-year's report is another agency's. */
export function setAsideByReview(agencyId: string, reviews: readonly GradedReview[]): boolean {
  const agency = activeCorrections(reviews).get("agency");
  return agency !== undefined && agency.value !== agencyId;
}

/** What the crawls established about an agency: its complete and incomplete crawls, its dead report links. */
export interface CrawlFacts {
  coverage: readonly CrawlCoverage[];
  deadLinks: readonly DeadReportLink[];
  /** The offices' reviews of this agency-year, oldest first. */
  reviews?: readonly Review[];
  /** Agency names by id, for an `agency` correction naming another agency. */
  agencyNames?: ReadonlyMap<string, string>;
}

/** A stored review as grading reads it. */
export const gradedReview = (r: Review, names?: ReadonlyMap<string, string>): GradedReview => ({
  id: r.id,
  findingKey: r.findingKey,
  fact: r.fact,
  action: r.action,
  value: r.value,
  evidence: r.evidence,
  fingerprint: r.fingerprint,
  reason: r.reason,
  reviewer: r.reviewer,
  createdAt: r.createdAt,
  ...(r.fact === "agency" && r.value !== null ? { valueName: names?.get(r.value) ?? null } : {}),
});

/** The report's own values: with what X-3 reads (approximate, the excerpt), should a correction recompute it. */
const ownValues = (values: readonly StoredValue[]): GradedValue[] =>
  values.map(({ key, value, raw, approximate, excerpt, ocr }) => ({
    key,
    value,
    raw,
    ...(approximate ? { approximate: true } : {}),
    ...(excerpt ? { excerpt } : {}),
    ...(ocr ? { ocr: { confidence: ocr.confidence, level: ocr.level } } : {}),
  }));

type StoredValue = Pick<GradedValue, "key" | "value" | "raw"> & {
  approximate?: number | boolean;
  excerpt?: string | null;
  ocr?: { confidence: number; level: "high" | "low" | "unreadable" } | null;
};

const toValues = (values: readonly StoredValue[]): GradedValue[] =>
  values.map(({ key, value, raw }) => ({ key, value, raw }));

/** The mismatch between the report's agency name and the registry's that extraction recorded, if any. */
function agencyMismatchOf(metadata: Record<string, unknown>): { found: string; source: string } | null {
  const m = metadata.agencyMismatch as { found?: unknown; source?: unknown } | undefined;
  return typeof m?.found === "string" && typeof m.source === "string"
    ? { found: m.found, source: m.source }
    : null;
}

/** What grading one agency-year needs, from the agency's stored reports (all years) and the crawl trail. */
export function gradeInputOf(
  agency: Agency,
  year: number,
  reports: ReadonlyMap<number, ReportWithSource>,
  looked: readonly { url: string; at: string }[],
  facts: CrawlFacts = { coverage: [], deadLinks: [] },
): GradeInput {
  const source = reports.get(year);
  const previous = reports.get(year - 1);
  const reviews = (facts.reviews ?? []).map((r) => gradedReview(r, facts.agencyNames));
  // A report an office said is another agency's: the year is graded as one without a report.
  const mine = source !== undefined && !setAsideByReview(agency.id, reviews);
  return {
    agency: {
      id: agency.id,
      name: agency.name,
      level: agency.level,
      siteUrl: agency.siteUrl,
      listUrls: agency.listUrls,
      deadlineOverride: agency.deadlineOverride,
    },
    year,
    report: source
      ? {
          format: source.report.format,
          publishDate: source.report.publish_date,
          publishDateSource: source.report.publish_date_source,
          firstSeenAt: source.document?.first_seen_at ?? null,
          listedDate: source.document?.listed_date ?? null,
          listedDateSource: source.document?.listed_date
            ? (source.document.listed_date_source ?? "list")
            : null,
          text: source.report.text,
          sourceUrl: source.document?.url ?? null,
          sourceKind: source.sourceKind,
          scanned: source.scanned,
          ...(source.ocr ? { ocrRead: true } : {}),
          ...(source.ocr?.unreadPages.length ? { ocrUnreadPages: source.ocr.unreadPages } : {}),
          tablesUnreadable: source.tablesUnreadable,
          agencyMismatch: agencyMismatchOf(source.report.metadata),
          values: ownValues(source.values),
          sections: source.sections.map(({ key, title, text }) => ({ key, title, text })),
          checks: source.checks.map((c) => ({
            key: c.key,
            severity: c.severity,
            status: c.status,
            left: c.left ?? "",
            right: c.right ?? "",
            message: c.message ?? "",
            ...(c.ocr_review ? { ocrReview: true as const } : {}),
          })),
        }
      : null,
    previous: previous
      ? { year: year - 1, text: previous.report.text, values: toValues(previous.values) }
      : null,
    looked: mine ? [] : [...looked],
    coverage: facts.coverage.map(({ finishedAt, complete, reasons }) => ({ finishedAt, complete, reasons })),
    deadLinks: mine
      ? []
      : facts.deadLinks
          .filter((d) => yearFromTitle(d.title ?? "") === year)
          .map(({ url, title, firstDeadAt, lastDeadAt, hostAnswered }) => ({
            url,
            title,
            firstDeadAt,
            lastDeadAt,
            hostAnswered,
          })),
    ...(reviews.length ? { reviews } : {}),
  };
}

/**
 * A fact of an agency-year's stored report as extracted (what a correction of it replaces): the text
 * shown beside the correction and the fingerprint a correction records, so that a re-extraction that
 * changes it marks the correction 待复核.
 */
export function storedFact(
  agency: Agency,
  year: number,
  reports: ReadonlyMap<number, ReportWithSource>,
  fact: string,
): { shown: string | null; fingerprint: string } {
  return extractedFact(gradeInputOf(agency, year, reports, []).report, fact);
}
