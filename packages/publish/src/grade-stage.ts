import {
  type Agency,
  type Clock,
  type StoreDb,
  agencyReportYears,
  crawlTrail,
  listAgencies,
  reportWithSource,
  reportYears,
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
  byLetter: Record<string, number>;
}

async function inputFor(
  db: StoreDb,
  agency: Agency,
  year: number,
): Promise<{ input: GradeInput; reportId: number | null }> {
  const source = await reportWithSource(db, agency.id, year);
  const previous = await reportWithSource(db, agency.id, year - 1);
  const looked = source ? [] : (await crawlTrail(db, agency.id)).map(({ url, at }) => ({ url, at }));
  const toValues = (values: { key: string; value: number | null; raw: string | null }[]) =>
    values.map(({ key, value, raw }) => ({ key, value, raw }));
  const meta = source
    ? (JSON.parse(source.report.metadata) as { sourceKind?: string; scanned?: boolean })
    : {};
  const input: GradeInput = {
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
            left: c.actual ?? "",
            right: c.expected ?? "",
            message: c.message ?? "",
          })),
        }
      : null,
    previous: previous
      ? { year: year - 1, text: previous.report.text, values: toValues(previous.values) }
      : null,
    looked,
  };
  return { input, reportId: source?.report.id ?? null };
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
 * Deterministic; re-grading replaces the previous grades of the agency-year.
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
  const work: { agency: Agency; year: number }[] = [];
  for (const agency of agencies) {
    for (const year of yearsToGrade(all, await agencyReportYears(db, agency.id), agency, options, today))
      work.push({ agency, year });
  }
  const summary: GradeStageSummary = { graded: 0, missing: 0, byLetter: {} };
  for (const { agency, year } of work) {
    if (options.signal?.aborted) break;
    const { input, reportId } = await inputFor(db, agency, year);
    const result = gradeAgencyYear(input, rubric);
    await saveGrades(
      db,
      { agencyId: agency.id, year, reportId, rubricVersion: rubric.version, dimensions: toRows(result) },
      clock,
    );
    summary.graded++;
    if (!input.report) summary.missing++;
    summary.byLetter[result.letter] = (summary.byLetter[result.letter] ?? 0) + 1;
    options.onProgress?.(summary.graded, work.length);
  }
  return summary;
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
