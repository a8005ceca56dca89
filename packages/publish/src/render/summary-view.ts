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

/** What the summary template shows for a jurisdiction's year: each member now and the year before. */
export function summaryView(
  name: string,
  year: number,
  letters: readonly string[],
  members: readonly { now: SummaryLine; before: SummaryLine | undefined }[],
  common: PageCommon,
) {
  const rows = members.map(({ now, before }) => ({
    name: now.name,
    cardPath: cardPath(now.agencyId, year),
    letter: now.letter,
    label: now.label,
    score: now.score,
    onTime: now.onTime === null ? "—" : now.onTime ? "是" : "否",
    failedChecks: now.failedChecks,
    change: before ? `${now.score - before.score >= 0 ? "+" : ""}${rounded(now.score - before.score)}` : "—",
    delta: before ? now.score - before.score : 0,
    previous: before?.score ?? null,
    sums: now.sums,
    missing: now.missing,
  }));
  const sumOf = (key: (typeof SUMMARY_KEYS)[number]) =>
    rows.reduce((n, r) => n + (r.sums[SUMMARY_KEYS.indexOf(key)] ?? 0), 0);
  return {
    ...common,
    title: `${name} ${year}年度汇总`,
    root: "../../",
    jurisdictionName: name,
    year,
    agencies: rows,
    averageScore: rounded(rows.reduce((n, r) => n + r.score, 0) / rows.length),
    onTimeCount: rows.filter((r) => r.onTime === "是").length,
    missing: rows.filter((r) => r.missing),
    distributionChart: barChart(
      "等级分布（个）",
      letters.map((l) => ({ label: l, value: rows.filter((r) => r.letter === l).length })),
    ),
    drops: rows
      .filter((r) => r.delta < 0)
      .sort((a, b) => a.delta - b.delta || a.name.localeCompare(b.name))
      .slice(0, 5)
      .map((r) => ({ name: r.name, previous: r.previous, score: r.score, delta: rounded(r.delta) })),
    totals: [
      { label: "本年新收申请（件）", value: sumOf("apply.new_received.total") },
      { label: "办理结果总计（件）", value: sumOf("apply.handled_total.total") },
      { label: "予以公开（件）", value: sumOf("apply.granted.total") },
      { label: "行政复议（件）", value: sumOf("review.total") },
      {
        label: "行政诉讼（件）",
        value: sumOf("litigation_direct.total") + sumOf("litigation_after_review.total"),
      },
    ],
  };
}
