import {
  type Agency,
  type AgencyYearGrade,
  type ReportWithSource,
  type StoreDb,
  type StoredGrade,
  coverageByAgency,
  crawlTrail,
  deadReportLinks,
  gradesOfAgencies,
  reportsOfAgencies,
  reviewsOfAgencies,
} from "@touming/store";
import type { AgencyYearState } from "./agency-year-state.js";
import type { AnyDimension } from "./dimension.js";
import { gradeAgencyYear } from "./grade-agency-year.js";
import { gradeRows, sameAsStored } from "./grade-rows.js";
import type { Rubric } from "./rubric/rubric-schema.js";
import { gradeInputOf, gradedReview, setAsideByReview } from "./stored-input.js";

/** A batch of agencies and, for each, the years to grade (read in a few queries together). */
export interface AgencyBatch {
  agencies: Agency[];
  years: Map<string, number[]>;
}

/** What grading needs besides the database, the same for every batch of a run: plain data but the dimensions. */
export interface BatchSetting {
  rubric: Rubric;
  dimensions: readonly AnyDimension[];
  /** Only this report year. */
  year?: number;
  /** An `agency` correction names another agency: cards print its name. */
  agencyNames: ReadonlyMap<string, string>;
}

/** One agency-year graded: what the stage's counts and progress need of it. */
export interface GradedAgencyYear {
  agencyId: string;
  /** No report, or its report set aside by review. */
  missing: boolean;
  state: AgencyYearState;
  letter: string;
}

/** A batch graded: the grades that differ from the stored ones, the stored years to withdraw, each agency-year graded in order. */
export interface BatchOutcome {
  changed: AgencyYearGrade[];
  withdrawn: { agencyId: string; years: number[] }[];
  graded: GradedAgencyYear[];
}

/** Whether the year is inside the agency's own monitoring window (registry `monitorFrom` / `monitorUntil`). */
export function monitored(agency: Agency, year: number): boolean {
  return (
    (agency.monitorFrom === null || year >= agency.monitorFrom) &&
    (agency.monitorUntil === null || year <= agency.monitorUntil)
  );
}

/**
 * The years of stored grades of the agency that fall outside its own window (graded before the
 * registry narrowed it): withdrawn, so that publish prints no card for them. Only the year asked
 * for, when one is.
 */
function yearsToWithdraw(stored: readonly StoredGrade[], agency: Agency, year: number | undefined): number[] {
  const years = new Set(stored.map((g) => g.year));
  return [...years]
    .filter((y) => !monitored(agency, y) && (year === undefined || y === year))
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

/**
 * Grades one batch of agencies: reads their reports, stored grades, crawl coverage and reviews,
 * grades each agency-year and keeps the grades that came out different from the stored ones. It
 * only reads: the caller writes what it returns (so that batches can be graded on other threads).
 */
export async function gradeBatch(
  db: StoreDb,
  batch: AgencyBatch,
  setting: BatchSetting,
): Promise<BatchOutcome> {
  const { rubric, dimensions, agencyNames } = setting;
  const ids = batch.agencies.map((a) => a.id);
  const [reports, stored, coverage, reviews] = await Promise.all([
    reportsOfAgencies(db, ids, { sections: true }),
    gradesOfAgencies(db, ids),
    coverageByAgency(db, ids),
    // The offices' reviews are part of what an agency-year is graded from: a new one changes the
    // grade's evidence (where each finding stands), so the grade is written again.
    reviewsOfAgencies(db, ids),
  ]);
  const outcome: BatchOutcome = { changed: [], withdrawn: [], graded: [] };
  for (const agency of batch.agencies) {
    const withdraw = yearsToWithdraw(stored.get(agency.id) ?? [], agency, setting.year);
    if (withdraw.length > 0) outcome.withdrawn.push({ agencyId: agency.id, years: withdraw });
    const years = batch.years.get(agency.id) ?? [];
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
      if (!sameAsStored(grade, stored.get(agency.id) ?? [])) outcome.changed.push(grade);
      outcome.graded.push({
        agencyId: agency.id,
        missing: !input.report || setAside,
        state: result.state,
        letter: result.letter,
      });
    }
  }
  return outcome;
}
