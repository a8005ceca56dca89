import {
  AGENCY_BATCH,
  type Agency,
  type AgencyYearGrade,
  type Clock,
  type GradeRow,
  type ReportWithSource,
  type StoreDb,
  crawlTrail,
  gradesOfAgencies,
  listAgencies,
  reportYears,
  reportYearsOfAgencies,
  reportsOfAgencies,
  saveGrades,
} from "@touming/store";
import { deadlineFor } from "./grading/deadline.js";
import { type GradeInput, type GradeResult, gradeAgencyYear } from "./grading/grade-report.js";
import type { Rubric } from "./grading/rubric.js";

export interface GradeStageOptions {
  /** Only this report year. */
  year?: number;
  /** Years graded before the newest report year (the monitoring window). Default 5: six years. */
  windowYears?: number;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface GradeStageSummary {
  graded: number;
  missing: number;
  /** Agency-years whose grade differs from the stored one (written). */
  changed: number;
  byLetter: Record<string, number>;
}

/** What grading one agency-year needs, from the agency's reports (all years) and the crawl trail. */
function inputFor(
  agency: Agency,
  year: number,
  reports: ReadonlyMap<number, ReportWithSource>,
  looked: readonly { url: string; at: string }[],
): GradeInput {
  const source = reports.get(year);
  const previous = reports.get(year - 1);
  const toValues = (values: { key: string; value: number | null; raw: string | null }[]) =>
    values.map(({ key, value, raw }) => ({ key, value, raw }));
  const meta = source
    ? (JSON.parse(source.report.metadata) as { sourceKind?: string; scanned?: boolean })
    : {};
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
          text: source.report.text,
          sourceUrl: source.document?.url ?? null,
          sourceKind: meta.sourceKind ?? null,
          scanned: meta.scanned === true,
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
  };
}

/** The agency-years to grade: the monitoring window up to the newest report year, plus any year with a report. */
function yearsToGrade(
  all: readonly number[],
  own: readonly number[],
  agency: Agency,
  options: GradeStageOptions,
  today: string,
): number[] {
  if (all.length === 0) return [];
  const newest = all.at(-1)!;
  const first = newest - (options.windowYears ?? 5);
  const years = new Set(own);
  for (let y = first; y <= newest; y++) {
    // A year whose deadline has not passed yet is not missing.
    if (deadlineFor(agency, y).date < today) years.add(y);
  }
  return [...years].filter((y) => options.year === undefined || y === options.year).sort((a, b) => a - b);
}

/**
 * Grades every agency-year by the rubric and stores each dimension (and the total) in `grades`.
 * Deterministic; agencies are read a batch at a time, and only grades that came out different from
 * the stored ones are written (their `graded_at` says when a grade last changed).
 */
export async function runGradeStage(
  db: StoreDb,
  rubric: Rubric,
  clock: Clock,
  options: GradeStageOptions = {},
): Promise<GradeStageSummary> {
  const today = clock().toISOString().slice(0, 10);
  const agencies = await listAgencies(db);
  const all = await reportYears(db);
  const batches: { agencies: Agency[]; years: Map<string, number[]> }[] = [];
  let total = 0;
  for (let i = 0; i < agencies.length; i += AGENCY_BATCH) {
    const batch = agencies.slice(i, i + AGENCY_BATCH);
    const own = await reportYearsOfAgencies(
      db,
      batch.map((a) => a.id),
    );
    const years = new Map(
      batch.map((a) => [a.id, yearsToGrade(all, own.get(a.id) ?? [], a, options, today)]),
    );
    for (const ys of years.values()) total += ys.length;
    batches.push({ agencies: batch, years });
  }
  const summary: GradeStageSummary = { graded: 0, missing: 0, changed: 0, byLetter: {} };
  for (const batch of batches) {
    if (options.signal?.aborted) break;
    const ids = batch.agencies.map((a) => a.id);
    const [reports, stored] = await Promise.all([
      reportsOfAgencies(db, ids, { sections: true }),
      gradesOfAgencies(db, ids),
    ]);
    const changed: AgencyYearGrade[] = [];
    for (const agency of batch.agencies) {
      const years = batch.years.get(agency.id)!;
      const own = reports.get(agency.id) ?? new Map<number, ReportWithSource>();
      const looked = years.some((y) => !own.has(y)) ? lookedOn(await crawlTrail(db, agency.id)) : [];
      for (const year of years) {
        const input = inputFor(agency, year, own, looked);
        const result = gradeAgencyYear(input, rubric);
        const grade: AgencyYearGrade = {
          agencyId: agency.id,
          year,
          reportId: own.get(year)?.report.id ?? null,
          rubricVersion: rubric.version,
          dimensions: toRows(result),
        };
        if (!sameAsStored(grade, stored.get(agency.id) ?? [])) changed.push(grade);
        summary.graded++;
        if (!input.report) summary.missing++;
        summary.byLetter[result.letter] = (summary.byLetter[result.letter] ?? 0) + 1;
        options.onProgress?.(summary.graded, total);
      }
    }
    await saveGrades(db, changed, clock);
    summary.changed += changed.length;
  }
  return summary;
}

/**
 * Where the crawler looked, by day: a missing report's grade (and card) then stays the same for
 * every crawl of one day, and changes when a later day's crawl looked again.
 */
function lookedOn(trail: readonly { url: string; at: string }[]): { url: string; at: string }[] {
  return trail
    .map(({ url, at }) => ({ url, at: at.slice(0, 10) }))
    .sort((a, b) => (a.at === b.at ? a.url.localeCompare(b.url) : a.at < b.at ? 1 : -1));
}

/** Whether the stored rows of the agency-year say exactly this grade. */
function sameAsStored(grade: AgencyYearGrade, stored: readonly GradeRow[]): boolean {
  const rows = stored.filter((r) => r.year === grade.year);
  if (rows.length !== grade.dimensions.length) return false;
  return grade.dimensions.every((d) => {
    const r = rows.find((x) => x.dimension === d.dimension);
    return (
      r !== undefined &&
      r.report_id === grade.reportId &&
      r.rubric_version === grade.rubricVersion &&
      r.points === d.points &&
      r.max_points === d.maxPoints &&
      r.reason === d.reason &&
      r.evidence === JSON.stringify(d.evidence ?? {})
    );
  });
}

/** Dimension rows plus a `total` row carrying the letter and the card's extras. */
function toRows(result: GradeResult) {
  return [
    ...result.dimensions.map((d) => ({
      dimension: d.dimension,
      points: d.points,
      maxPoints: d.max,
      reason: d.reason,
      evidence: { name: d.name, ...d.evidence },
    })),
    {
      dimension: "total",
      points: result.score,
      maxPoints: 100,
      reason: `${result.letter} ${result.label}`,
      evidence: {
        letter: result.letter,
        label: result.label,
        deadline: result.deadline,
        onTime: result.onTime,
        warnings: result.warnings,
        similarity: result.similarity,
      },
    },
  ];
}
