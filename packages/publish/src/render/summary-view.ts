import type { RubricGrade } from "@touming/grade";
import type { Headline, PageCommon } from "../output.js";
import { barChart } from "./charts.js";
import { gridLegend, yearCell } from "./index-view.js";
import { cardPath } from "./page-paths.js";
import { REVIEW_STATE_NAMES } from "@touming/vocabulary";

/** A member's findings by review state, in a few words (待复核 2 · 已撤销 1), or "—" when it has none. */
function reviewColumn(line: SummaryLine): string {
  const r = line.review;
  if (!r) return "—";
  const parts = [
    [REVIEW_STATE_NAMES.pending, r.pending],
    [REVIEW_STATE_NAMES.confirmed, r.confirmed],
    [REVIEW_STATE_NAMES.dismissed, r.dismissed],
    [REVIEW_STATE_NAMES.corrected, r.corrected],
  ].filter(([, n]) => Number(n) > 0);
  return parts.length ? parts.map(([name, n]) => `${name}${n}项`).join("，") : "—";
}

/** The values a jurisdiction summary adds up, in the order of `SummaryLine.sums`. */
export const SUMMARY_KEYS = [
  "apply.new_received.total",
  "apply.handled_total.total",
  "apply.granted.total",
  "review.total",
  "litigation_direct.total",
  "litigation_after_review.total",
] as const;

/** What a jurisdiction summary keeps of each agency-year: small, whatever the registry. */
export interface SummaryLine extends Headline {
  agencyId: string;
  name: string;
  failedChecks: number;
  /** The report's value of each of `SUMMARY_KEYS`; null when left blank or not given (not a 0). */
  sums: (number | null)[];
}

/** What the summary's grid keeps of each agency-year: its state, letter and score alone. */
export type SummaryYearCell = Pick<Headline, "state" | "letter" | "score">;

/** A member's row of the agency × year grid: every year kept of it (later years are left out). */
export interface SummaryGridRow {
  agencyId: string;
  name: string;
  years: ReadonlyMap<number, SummaryYearCell>;
}

/** The agency × year grid of a summary, and the rubric's grades for its legend. */
export interface SummaryHistory {
  grid: readonly SummaryGridRow[];
  grades: readonly RubricGrade[];
}

const rounded = (n: number) => Math.round(n * 10) / 10;

/** Agencies whose score fell by at least this much are named in the summary. */
const DROP_POINTS = 5;

/** Ranks by score, best first; equal scores share a rank (1, 2, 2, 4). */
function ranked<T extends { score: number; name: string }>(rows: readonly T[]): (T & { rank: number })[] {
  const sorted = [...rows].sort((a, b) => b.score - a.score || a.name.localeCompare(b.name, "zh-CN"));
  let rank = 0;
  return sorted.map((r, i) => {
    if (i === 0 || r.score !== sorted[i - 1]!.score) rank = i + 1;
    return { ...r, rank };
  });
}

/**
 * The agency × year grid of a summary: a row per member with a grade of the summary's year or before,
 * a column per year any member has one (newest first, none after the summary's year). A graded cell
 * shows letter and score, 未发现 its letter, 无法核实 a grey cell; the totals row averages the scores
 * of each year as the summary does (未发现 counted, 无法核实 not), "—" where no report was graded.
 */
export function summaryGrid(year: number, history: SummaryHistory) {
  const shown = history.grid
    .map((r) => ({ ...r, kept: [...r.years].filter(([y]) => y <= year) }))
    .filter((r) => r.kept.length > 0);
  const years = [...new Set(shown.flatMap((r) => r.kept.map(([y]) => y)))].sort((a, b) => b - a);
  const average = (y: number) => {
    const cells = shown.map((r) => r.years.get(y)).filter((c): c is SummaryYearCell => c !== undefined);
    if (!cells.some((c) => c.state === "graded")) return "—";
    const scored = cells.filter((c) => c.state === "graded" || c.state === "not_found");
    return String(rounded(scored.reduce((n, c) => n + c.score, 0) / scored.length));
  };
  return {
    years,
    rows: shown.map((r) => ({
      name: r.name,
      cells: years.map((y) => yearCell(r.agencyId, y, r.years.get(y), true)),
    })),
    averages: years.map(average),
    legend: gridLegend(history.grades),
  };
}

/**
 * What the summary template shows for a jurisdiction's year (rubric v2): the graded agencies ranked
 * by score (排名) with the change against last year where both years were graded; 未发现 and 无法核实
 * listed apart with their reasons; 无法核实 left out of the average, the ranks and the letter counts;
 * the agencies whose score fell by 5 or more; the grid of every member's years up to this one.
 */
export function summaryView(
  name: string,
  year: number,
  letters: readonly string[],
  members: readonly { now: SummaryLine; before: SummaryLine | undefined }[],
  common: PageCommon,
  history: SummaryHistory = { grid: [], grades: [] },
) {
  const rows = members.map(({ now, before }) => {
    // A change only where both years were graded: never "+100" after a missing year.
    const comparable = before !== undefined && before.state === "graded" && now.state === "graded";
    const delta = comparable ? now.score - before.score : 0;
    return {
      name: now.name,
      cardPath: cardPath(now.agencyId, year),
      state: now.state,
      letter: now.letter,
      label: now.label,
      score: now.score,
      onTime: now.onTime === null ? "—" : now.onTime ? "是" : "否",
      // What the grade charged: after corrections, without the dismissed (else as extracted).
      failedChecks: now.review?.failedHard ?? now.failedChecks,
      review: reviewColumn(now),
      change: comparable ? `${delta >= 0 ? "+" : ""}${rounded(delta)}` : "—",
      delta,
      previous: comparable ? before.score : null,
      sums: now.sums,
      missing: now.missing,
      reason: now.stateReason ?? "",
      resolve: now.resolve ?? "",
    };
  });
  const graded = rows.filter((r) => r.state === "graded");
  const withGrade = rows.filter((r) => r.state === "graded" || r.state === "not_found");
  // A total over the graded reports that give the figure; a report that left it blank or does not
  // give it is not counted as 0 but named in a count beside the total.
  type Key = (typeof SUMMARY_KEYS)[number];
  const figure = (r: Pick<SummaryLine, "sums">, keys: readonly Key[]) => {
    const parts = keys.map((k) => r.sums[SUMMARY_KEYS.indexOf(k)] ?? null);
    return parts.some((p) => p === null) ? null : parts.reduce<number>((a, b) => a + b!, 0);
  };
  const total = (...keys: Key[]) => {
    const reported = rows.filter((r) => r.state === "graded");
    const known = reported.map((r) => figure(r, keys)).filter((n): n is number => n !== null);
    // "—" where nothing was reported: no graded report giving it, no total.
    if (known.length === 0) return "—";
    const sum = known.reduce((a, b) => a + b, 0);
    const missing = reported.length - known.length;
    return missing > 0 ? `${sum}（另有${missing}个机关未列明，未计入）` : sum;
  };
  return {
    ...common,
    title: `${name} ${year}年度汇总`,
    root: "../../",
    jurisdictionName: name,
    year,
    agencyCount: rows.length,
    agencies: ranked(graded),
    averageScore: withGrade.length
      ? rounded(withGrade.reduce((n, r) => n + r.score, 0) / withGrade.length)
      : "—",
    onTimeCount: rows.filter((r) => r.onTime === "是").length,
    missing: rows.filter((r) => r.state === "not_found"),
    unverifiable: rows.filter((r) => r.state === "unverifiable"),
    distributionChart: barChart(
      "等级分布（个）",
      letters.map((l) => ({ label: l, value: withGrade.filter((r) => r.letter === l).length })),
    ),
    drops: rows
      .filter((r) => r.previous !== null && r.delta <= -DROP_POINTS)
      .sort((a, b) => a.delta - b.delta || a.name.localeCompare(b.name))
      .map((r) => ({ name: r.name, previous: r.previous, score: r.score, delta: rounded(r.delta) })),
    grid: summaryGrid(year, history),
    /** Each finding an office reviewed and each fact it corrected, agency by agency, with the note. */
    reviewed: rows.flatMap((r, i) =>
      (members[i]!.now.review?.reviewed ?? []).map((item) => ({
        name: r.name,
        cardPath: r.cardPath,
        text: item.text,
        state: REVIEW_STATE_NAMES[item.state],
        note: `${item.at.slice(0, 10)}${item.reason ? `：${item.reason}` : ""}${item.changed ? "（依据已变化，需重新复核）" : ""}`,
      })),
    ),
    totals: [
      { label: "本年新收申请（件）", value: total("apply.new_received.total") },
      { label: "办理结果总计（件）", value: total("apply.handled_total.total") },
      { label: "予以公开（件）", value: total("apply.granted.total") },
      { label: "行政复议（件）", value: total("review.total") },
      { label: "行政诉讼（件）", value: total("litigation_direct.total", "litigation_after_review.total") },
    ],
  };
}
