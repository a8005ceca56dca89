import { findingKey } from "@touming/vocabulary";
import type { z } from "zod";
import { type DimensionResult, defineDimension, near, problemsOf } from "../dimension.js";
import { publishDateEvidence, publishTiming } from "../publish-date-evidence.js";
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

/**
 * 按时发布, on evidence only (see publishDateEvidence): full points on or before the deadline, fewer
 * within the grace days, fewer still after. With no evidence that settles it (the date the crawler
 * first saw a report proves nothing) the dimension is not scored: "发布日期无法确认", and the grade
 * is rescaled over the other dimensions.
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
  grade(input, t, { deadline, dismissed, dismissedWhy }): DimensionResult {
    const base = named("timeliness", t.max);
    const found = publishDateEvidence(input.report, deadline.date, input.coverage ?? []);
    const timing = publishTiming(found, deadline.date);
    const evidence = {
      deadline: deadline.date,
      evidence: found.map((e) => ({
        kind: e.kind,
        date: e.date,
        lowerBound: e.lowerBound,
        source: e.source,
        ...(e.url ? { url: e.url } : {}),
      })),
    };
    if (!timing.known) {
      const bound = found.find((e) => e.lowerBound);
      return {
        ...base,
        points: 0,
        scored: false,
        reason: bound
          ? `发布日期无法确认：仅有${bound.source}${bound.date}（早于期限${deadline.date}），不能证明发布时间`
          : "发布日期无法确认：文章页面、栏目列表和数据接口均未标注发布日期",
        evidence,
        findings: { onTime: null },
      };
    }
    const e = timing.evidence;
    const full = {
      ...evidence,
      publishDate: e.date,
      source: e.kind,
      daysLate: timing.daysLate,
      atLeast: timing.atLeast,
    };
    if (!timing.late)
      return {
        ...base,
        points: t.onTime,
        reason: `${e.date}发布（${e.source}），未超过期限${deadline.date}`,
        evidence: full,
        findings: { onTime: true },
      };
    const late = timing.daysLate;
    // Lateness an office dismissed by review costs nothing: without a date that shows otherwise it
    // is not scored either way (the score is rescaled), and the lateness cap does not apply.
    if (dismissed?.has(findingKey.late))
      return {
        ...base,
        points: 0,
        scored: false,
        reason: `逾期发布的认定经复核撤销（${dismissedWhy?.get(findingKey.late) ?? ""}），不计分`,
        evidence: { ...full, dismissed: true },
        findings: { onTime: null },
      };
    const within = late <= t.lateGraceDays;
    const when = !timing.atLeast
      ? `${e.date}发布（${e.source}），逾期${late}天`
      : e.kind === "crawl"
        ? `${e.date}完整检查年度报告栏目时尚未发布，至少逾期${late}天`
        : `据${e.source}（${e.date}），至少逾期${late}天`;
    return {
      ...base,
      points: within ? t.lateWithinGrace : t.lateBeyondGrace,
      reason: within
        ? `${when}（期限${deadline.date}）`
        : `${when}，超过${t.lateGraceDays}天（期限${deadline.date}）`,
      evidence: full,
      findings: { onTime: false, daysLate: late },
    };
  },
});
