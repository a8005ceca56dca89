import {
  AGENCY_BATCH,
  type Agency,
  type AgencyYearGrade,
  type Clock,
  type ReportWithSource,
  type Stage,
  type StageContext,
  type StoreDb,
  type StoredGrade,
  coverageByAgency,
  crawlTrail,
  deadReportLinks,
  deleteGradesOfYears,
  gradesOfAgencies,
  listAgencies,
  reportYears,
  reportYearsOfAgencies,
  reportsOfAgencies,
  reviewsOfAgencies,
  saveGrades,
} from "@touming/store";
import { deadlineFor } from "./deadline.js";
import type { AnyDimension } from "./dimension.js";
import { BUILT_IN_DIMENSIONS } from "./dimensions/index.js";
import { gradeAgencyYear } from "./grade-agency-year.js";
import { gradeRows, sameAsStored } from "./grade-rows.js";
import type { Rubric } from "./rubric/rubric-schema.js";
import { gradeInputOf, gradedReview, setAsideByReview } from "./stored-input.js";

export interface GradeStageOptions {
  rubric: Rubric;
  /** The dimensions the rubric was loaded with (default: the built-in six). */
  dimensions?: readonly AnyDimension[];
  /** Only this report year. */
  year?: number;
  /** Years graded before the newest report year (the monitoring window). Default 5: six years. */
  windowYears?: number;
}

/**
 * What the run log keeps of a grade run: agency-years graded, those without a report, those whose
 * grade changed (and was written), and how many got each letter (`gradeA`, `gradeB`…).
 */
export type GradeStageSummary = {
  readonly graded: number;
  readonly missing: number;
  /** Years without a report shown not published (未发现), and those that could not be verified (无法核实). */
  readonly notFound: number;
  readonly unverifiable: number;
  readonly changed: number;
  /** Agency-years whose stored grades were withdrawn: outside the agency's monitoring window now. */
  readonly withdrawn: number;
  readonly [letterCount: `grade${string}`]: number;
};

/** Whether the year is inside the agency's own monitoring window (registry `monitorFrom` / `monitorUntil`). */
function monitored(agency: Agency, year: number): boolean {
  return (
    (agency.monitorFrom === null || year >= agency.monitorFrom) &&
    (agency.monitorUntil === null || year <= agency.monitorUntil)
  );
}

/**
 * The agency-years to grade: the window of `windowYears` up to the newest report year, plus any year
 * with a report; of those, only the years inside the agency's own window (outside it: 未纳入监测, no
 * grade and no card, even where a report was found).
 */
export function yearsToGrade(
  all: readonly number[],
  own: readonly number[],
  agency: Agency,
  options: Pick<GradeStageOptions, "year" | "windowYears">,
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
  return [...years]
    .filter((y) => monitored(agency, y) && (options.year === undefined || y === options.year))
    .sort((a, b) => a - b);
}

/**
 * The years of stored grades of the agency that fall outside its own window (graded before the
 * registry narrowed it): withdrawn, so that publish prints no card for them. Only the year asked
 * for, when one is.
 */
function yearsToWithdraw(
  stored: readonly StoredGrade[],
  agency: Agency,
  options: Pick<GradeStageOptions, "year">,
): number[] {
  const years = new Set(stored.map((g) => g.year));
  return [...years]
    .filter((y) => !monitored(agency, y) && (options.year === undefined || y === options.year))
    .sort((a, b) => a - b);
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

/** What a grade run counted, as its command prints it: the summary before it is flattened for the run log. */
export interface GradeStageDetails {
  graded: number;
  missing: number;
  notFound: number;
  unverifiable: number;
  changed: number;
  /** Agency-years whose stored grades were withdrawn: outside the agency's monitoring window now. */
  withdrawn: number;
  /** Agency-years per letter, in the order the letters first came up. */
  byLetter: Record<string, number>;
}

/** Grades every agency-year in the window, a batch of agencies at a time, writing only changed grades. */
async function gradeAll(
  db: StoreDb,
  clock: Clock,
  options: GradeStageOptions,
  signal: AbortSignal | undefined,
  onGraded: ((done: number, total: number, agencyId: string) => void) | undefined,
): Promise<GradeStageDetails> {
  const { rubric, dimensions = BUILT_IN_DIMENSIONS } = options;
  const today = clock().toISOString().slice(0, 10);
  const agencies = await listAgencies(db);
  // An `agency` correction names another agency: cards print its name.
  const agencyNames = new Map(agencies.map((a) => [a.id, a.name]));
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
  const counts: GradeStageDetails = {
    graded: 0,
    missing: 0,
    notFound: 0,
    unverifiable: 0,
    changed: 0,
    withdrawn: 0,
    byLetter: {},
  };
  for (const batch of batches) {
    if (signal?.aborted) break;
    const ids = batch.agencies.map((a) => a.id);
    const [reports, stored, coverage, reviews] = await Promise.all([
      reportsOfAgencies(db, ids, { sections: true }),
      gradesOfAgencies(db, ids),
      coverageByAgency(db, ids),
      // The offices' reviews are part of what an agency-year is graded from: a new one changes the
      // grade's evidence (where each finding stands), so the grade is written again.
      reviewsOfAgencies(db, ids),
    ]);
    const changed: AgencyYearGrade[] = [];
    for (const agency of batch.agencies) {
      const withdraw = yearsToWithdraw(stored.get(agency.id) ?? [], agency, options);
      if (withdraw.length > 0) {
        await deleteGradesOfYears(db, agency.id, withdraw);
        counts.withdrawn += withdraw.length;
      }
      const years = batch.years.get(agency.id)!;
      const own = reports.get(agency.id) ?? new Map<number, ReportWithSource>();
      const ownReviews = reviews.get(agency.id);
      const missingYears = years.some(
        (y) =>
          !own.has(y) ||
          setAsideByReview(
            agency.id,
            (ownReviews?.get(y) ?? []).map((r) => gradedReview(r)),
          ),
      );
      const looked = missingYears ? lookedOn(await crawlTrail(db, agency.id)) : [];
      const facts = {
        coverage: coverage.get(agency.id) ?? [],
        deadLinks: missingYears ? await deadReportLinks(db, agency.id) : [],
      };
      for (const year of years) {
        const input = gradeInputOf(agency, year, own, looked, {
          ...facts,
          reviews: ownReviews?.get(year) ?? [],
          agencyNames,
        });
        const result = gradeAgencyYear(input, rubric, dimensions);
        // A report set aside by review (another agency's) is not this year's report.
        const setAside = result.corrections.some((c) => c.fact === "agency" && c.value !== agency.id);
        const grade: AgencyYearGrade = {
          agencyId: agency.id,
          year,
          reportId: setAside ? null : (own.get(year)?.report.id ?? null),
          rubricVersion: rubric.version,
          dimensions: gradeRows(result),
        };
        if (!sameAsStored(grade, stored.get(agency.id) ?? [])) changed.push(grade);
        counts.graded++;
        if (!input.report || setAside) counts.missing++;
        if (result.state === "not_found") counts.notFound++;
        if (result.state === "unverifiable") counts.unverifiable++;
        // 无法核实 is no grade: it is not counted among the letters.
        if (result.state !== "unverifiable")
          counts.byLetter[result.letter] = (counts.byLetter[result.letter] ?? 0) + 1;
        onGraded?.(counts.graded, total, agency.id);
      }
    }
    await saveGrades(db, changed, clock);
    counts.changed += changed.length;
  }
  return counts;
}

/**
 * The grade stage: grades every agency-year by the rubric and stores each dimension (and the total)
 * in `grades`. Deterministic; agencies are read a batch at a time, and only grades that came out
 * different from the stored ones are written (their `graded_at` says when a grade last changed).
 */
export const gradeStage: Stage<GradeStageOptions, GradeStageSummary, GradeStageDetails> = {
  name: "grade",
  async run(ctx: StageContext, options: GradeStageOptions) {
    const counts = await gradeAll(ctx.store.db, ctx.clock, options, ctx.signal, (done, total, item) =>
      ctx.onProgress?.({ done, total, item }),
    );
    const summary: GradeStageSummary = {
      graded: counts.graded,
      missing: counts.missing,
      notFound: counts.notFound,
      unverifiable: counts.unverifiable,
      changed: counts.changed,
      withdrawn: counts.withdrawn,
      ...Object.fromEntries(Object.entries(counts.byLetter).map(([letter, n]) => [`grade${letter}`, n])),
    };
    return { summary, details: counts };
  },
};
