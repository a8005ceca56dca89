import type { z } from "zod";
import { daysBetween } from "../deadline.js";
import { type DimensionResult, defineDimension, near, problemsOf } from "../dimension.js";
import { count, dimensionConfig, points } from "../rubric/config-fields.js";
import { builtIn, named } from "./built-in.js";

const configSchema = dimensionConfig("timeliness", {
  max: points,
  onTime: points,
  lateGraceDays: count,
  lateWithinGrace: points,
  lateBeyondGrace: points,
});
export type TimelinessConfig = z.infer<typeof configSchema>;

/** Where a publish date was read, as the reason says it. */
const DATE_SOURCES: Readonly<Record<string, string>> = {
  metadata: "页面发布日期",
  "top-line": "正文首行日期",
  signature: "落款日期",
  body: "正文中的发布日期",
  list: "栏目列表日期",
};

/**
 * 按时发布: full points on or before the deadline, fewer within the grace days, fewer still after;
 * the date the crawler first saw the report stands in for a publish date the text does not give.
 */
export const timeliness = defineDimension({
  ...builtIn("timeliness", "timeliness", configSchema),
  consistency: (t) =>
    problemsOf([
      [near(t.onTime, t.max), "onTime", `expected the maximum, ${t.max}`],
      [t.lateWithinGrace <= t.onTime, "lateWithinGrace", `expected at most onTime (${t.onTime})`],
      [
        t.lateBeyondGrace <= t.lateWithinGrace,
        "lateBeyondGrace",
        `expected at most lateWithinGrace (${t.lateWithinGrace})`,
      ],
    ]),
  grade(input, t, { deadline }): DimensionResult {
    const base = named("timeliness", t.max);
    const r = input.report;
    const date = r.publishDate ?? (r.firstSeenAt ? r.firstSeenAt.slice(0, 10) : null);
    if (!date)
      return {
        ...base,
        points: 0,
        reason: "发布时间无法确认",
        evidence: { deadline: deadline.date },
        findings: { onTime: null },
      };
    const source = r.publishDate
      ? (DATE_SOURCES[r.publishDateSource ?? ""] ?? "文中日期")
      : "首次发现日期（文中未见发布日期）";
    const late = daysBetween(deadline.date, date);
    const evidence = {
      publishDate: date,
      source: r.publishDate ? r.publishDateSource : "first-seen",
      deadline: deadline.date,
      daysLate: Math.max(0, late),
    };
    if (late <= 0)
      return {
        ...base,
        points: t.onTime,
        reason: `${date}发布（${source}），未超过期限${deadline.date}`,
        evidence,
        findings: { onTime: true },
      };
    const within = late <= t.lateGraceDays;
    return {
      ...base,
      points: within ? t.lateWithinGrace : t.lateBeyondGrace,
      reason: within
        ? `${date}发布（${source}），逾期${late}天（期限${deadline.date}）`
        : `${date}发布（${source}），逾期${late}天，超过${t.lateGraceDays}天（期限${deadline.date}）`,
      evidence,
      findings: { onTime: false },
    };
  },
});
