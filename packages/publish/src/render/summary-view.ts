import type { Headline, PageCommon } from "../output.js";
import { barChart } from "./charts.js";
import { cardPath } from "./page-paths.js";

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
  /** The report's value of each of `SUMMARY_KEYS` (0 when blank or missing). */
  sums: number[];
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
 * What the summary template shows for a jurisdiction's year (rubric v2): the graded agencies ranked
 * by score (排名) with the change against last year where both years were graded; 未发现 and 无法核实
 * listed apart with their reasons; 无法核实 left out of the average, the ranks and the letter counts;
 * the agencies whose score fell by 5 or more.
 */
export function summaryView(
  name: string,
  year: number,
  letters: readonly string[],
  members: readonly { now: SummaryLine; before: SummaryLine | undefined }[],
  common: PageCommon,
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
      failedChecks: now.failedChecks,
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
  const sumOf = (key: (typeof SUMMARY_KEYS)[number]) => {
    const reported = rows.filter((r) => r.state === "graded");
    // "—" where nothing was reported: no graded report, no total.
    return reported.length === 0
      ? "—"
      : reported.reduce((n, r) => n + (r.sums[SUMMARY_KEYS.indexOf(key)] ?? 0), 0);
  };
  const sumTwo = (a: (typeof SUMMARY_KEYS)[number], b: (typeof SUMMARY_KEYS)[number]) => {
    const x = sumOf(a);
    const y = sumOf(b);
    return typeof x === "number" && typeof y === "number" ? x + y : "—";
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
    totals: [
      { label: "本年新收申请（件）", value: sumOf("apply.new_received.total") },
      { label: "办理结果总计（件）", value: sumOf("apply.handled_total.total") },
      { label: "予以公开（件）", value: sumOf("apply.granted.total") },
      { label: "行政复议（件）", value: sumOf("review.total") },
      { label: "行政诉讼（件）", value: sumTwo("litigation_direct.total", "litigation_after_review.total") },
    ],
  };
}
