import type { Agency, CrawlCoverage, DeadReportLink, ReportWithSource } from "@touming/store";
import { yearFromTitle } from "@touming/vocabulary";
import type { GradeInput, GradedValue } from "./grade-input.js";

/** What the crawls established about an agency: its complete and incomplete crawls, its dead report links. */
export interface CrawlFacts {
  coverage: readonly CrawlCoverage[];
  deadLinks: readonly DeadReportLink[];
}

const toValues = (values: readonly GradedValue[]): GradedValue[] =>
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
          tablesUnreadable: source.tablesUnreadable,
          agencyMismatch: agencyMismatchOf(source.report.metadata),
          values: toValues(source.values),
          sections: source.sections.map(({ key, title, text }) => ({ key, title, text })),
          checks: source.checks.map((c) => ({
            key: c.key,
            severity: c.severity,
            status: c.status,
            left: c.left ?? "",
            right: c.right ?? "",
            message: c.message ?? "",
          })),
        }
      : null,
    previous: previous
      ? { year: year - 1, text: previous.report.text, values: toValues(previous.values) }
      : null,
    looked: source ? [] : [...looked],
    coverage: facts.coverage.map(({ finishedAt, complete, reasons }) => ({ finishedAt, complete, reasons })),
    deadLinks: source
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
  };
}
