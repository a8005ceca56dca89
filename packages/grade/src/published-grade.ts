import type { StoredGrade } from "@touming/store";
import { TOTAL_DIMENSION } from "@touming/vocabulary";
import type { AgencyYearState } from "./agency-year-state.js";
import type { Deadline } from "./deadline.js";
import type { AppliedCap } from "./rubric/caps.js";
import type { AnyDimension, Similarity } from "./dimension.js";
import type { GradedCheck } from "./grade-input.js";
import type { AppliedCorrection } from "./reviews/corrections.js";
import type { GradeFinding } from "./reviews/findings.js";
import { correctionText } from "./reviews/effects.js";
import type { ReviewState } from "@touming/vocabulary";
import { BUILT_IN_DIMENSIONS } from "./dimensions/index.js";

/** One agency-year's grade as the cards, summaries and open data show it. */
export interface PublishedGrade {
  agencyId: string;
  year: number;
  /** graded, not_found (未发现), unverifiable (无法核实: no grade), not_monitored. */
  state: AgencyYearState;
  /** Why a year without a report stands so (Chinese), and what would resolve it. */
  stateReason: string | null;
  resolve: string | null;
  /** Dimensions left out (not scorable on the evidence), by Chinese name; the score is rescaled. */
  unscored: string[];
  /** Caps that applied, the binding one first, and the score before them. */
  caps: AppliedCap[];
  rawScore: number;
  score: number;
  letter: string;
  label: string;
  onTime: boolean | null;
  deadline: Deadline;
  warnings: string[];
  similarity: Similarity | null;
  /** Each dimension's row: the list's dimensions in its order, then any other stored dimension. */
  dimensions: StoredGrade[];
  missing: boolean;
  /** What the grade found, each with where it stands by review (待复核, 已确认, 已撤销). */
  findings: GradeFinding[];
  /** The corrections of facts in force (publish date, cells, the report's agency). */
  corrections: AppliedCorrection[];
  /** The grade without any review, when the reviews change it. */
  withoutReviews: ReviewedHeadline | null;
  /** What the reviews did, one line each. */
  reviewEffects: string[];
  /** The report's checks recomputed from corrected cells; null when none was corrected. */
  rechecked: GradedCheck[] | null;
  /** How many findings stand in each review state, and the corrections in force (the summaries' column). */
  review: ReviewCounts;
}

/** A grade's state, letter and score alone. */
export interface ReviewedHeadline {
  state: AgencyYearState;
  letter: string;
  label: string;
  score: number;
}

/** How many findings of a grade stand in each review state, and how many facts were corrected. */
export interface ReviewCounts {
  pending: number;
  confirmed: number;
  dismissed: number;
  corrected: number;
  /**
   * Failed hard checks still counted (after corrections, not dismissed): what the grade charged;
   * null for a grade stored before findings were kept.
   */
  failedHard: number | null;
  /** Each finding an office reviewed and each fact it corrected: what, where it stands, the note. */
  reviewed: ReviewedItem[];
}

/** A reviewed finding or a corrected fact, as a summary lists it. */
export interface ReviewedItem {
  /** The finding's summary or the correction, in Chinese. */
  text: string;
  state: ReviewState;
  reason: string;
  /** When it was reviewed (ISO time). */
  at: string;
  /** The evidence changed since the review (the state is then 待复核). */
  changed: boolean;
}

/** What the `total` row's evidence holds (grade-rows.ts writes it). */
interface TotalEvidence {
  state?: AgencyYearState;
  stateReason?: string;
  resolve?: string;
  unscored?: string[];
  caps?: AppliedCap[];
  rawScore?: number;
  letter: string;
  label: string;
  onTime: boolean | null;
  deadline: Deadline;
  warnings?: string[];
  similarity?: Similarity | null;
  findings?: GradeFinding[];
  corrections?: AppliedCorrection[];
  withoutReviews?: ReviewedHeadline;
  reviewEffects?: string[];
  rechecked?: GradedCheck[];
}

/** The list's dimensions in its order, then those it does not know, as stored: none is dropped. */
function inPublishedOrder(rows: readonly StoredGrade[], dimensions: readonly AnyDimension[]): StoredGrade[] {
  const listed = dimensions.flatMap((d) => rows.filter((r) => r.dimension === d.key));
  const known = new Set<string>([TOTAL_DIMENSION, ...dimensions.map((d) => d.key)]);
  return [...listed, ...rows.filter((r) => !known.has(r.dimension))];
}

function fromRows(rows: readonly StoredGrade[], dimensions: readonly AnyDimension[]): PublishedGrade {
  const total = rows.find((r) => r.dimension === TOTAL_DIMENSION)!;
  const e = total.evidence as unknown as TotalEvidence;
  return {
    agencyId: total.agency_id,
    year: total.year,
    ...headlineOf(total),
    unscored: e.unscored ?? [],
    caps: e.caps ?? [],
    rawScore: e.rawScore ?? total.points,
    deadline: e.deadline,
    warnings: e.warnings ?? [],
    similarity: e.similarity ?? null,
    dimensions: inPublishedOrder(rows, dimensions),
    findings: e.findings ?? [],
    corrections: e.corrections ?? [],
    withoutReviews: e.withoutReviews ?? null,
    reviewEffects: e.reviewEffects ?? [],
    rechecked: e.rechecked ?? null,
  };
}

/**
 * An agency's grade rows (every dimension of every year) as one grade per graded year, oldest
 * first. A year without a `total` row is not a grade yet and is left out.
 */
export function gradesByYear(
  rows: readonly StoredGrade[],
  dimensions: readonly AnyDimension[] = BUILT_IN_DIMENSIONS,
): Map<number, PublishedGrade> {
  const perYear = new Map<number, StoredGrade[]>();
  for (const r of rows) {
    const list = perYear.get(r.year);
    if (list) list.push(r);
    else perYear.set(r.year, [r]);
  }
  const out = new Map<number, PublishedGrade>();
  for (const year of [...perYear.keys()].sort((a, b) => a - b)) {
    const list = perYear.get(year)!;
    if (list.some((r) => r.dimension === TOTAL_DIMENSION)) out.set(year, fromRows(list, dimensions));
  }
  return out;
}

/** The headline of a grade (letter, score, timeliness) from its `total` row alone. */
export function headlineOf(
  total: StoredGrade,
): Pick<
  PublishedGrade,
  "state" | "stateReason" | "resolve" | "letter" | "label" | "score" | "onTime" | "missing" | "review"
> {
  const e = total.evidence as unknown as TotalEvidence;
  return {
    review: reviewCounts(e, total.agency_id),
    // Grades stored before states: a year without a report was 未发现.
    state: e.state ?? (total.report_id === null ? "not_found" : "graded"),
    stateReason: e.stateReason ?? null,
    resolve: e.resolve ?? null,
    letter: e.letter,
    label: e.label,
    score: total.points,
    onTime: e.onTime,
    missing: total.report_id === null,
  };
}

/** The review counts of a grade from its total's evidence (grades stored before reviews: none). */
function reviewCounts(e: TotalEvidence, agencyId: string): ReviewCounts {
  const findings = e.findings ?? [];
  const count = (state: GradeFinding["state"]) => findings.filter((f) => f.state === state).length;
  return {
    pending: count("pending"),
    confirmed: count("confirmed"),
    dismissed: count("dismissed"),
    corrected: (e.corrections ?? []).length,
    reviewed: [
      ...findings
        .filter((f) => f.review !== null)
        .map((f) => ({
          text: f.summary,
          state: f.state,
          reason: f.review!.reason,
          at: f.review!.at,
          changed: f.review!.changed,
        })),
      ...(e.corrections ?? []).map((c) => ({
        text: correctionText(c, agencyId, null),
        state: c.changed ? ("pending" as const) : ("corrected" as const),
        reason: c.reason,
        at: c.at,
        changed: c.changed,
      })),
    ],
    failedHard:
      e.findings === undefined
        ? null
        : findings.filter(
            (f) => f.kind === "problem" && f.key.startsWith("check:") && f.state !== "dismissed",
          ).length,
  };
}
