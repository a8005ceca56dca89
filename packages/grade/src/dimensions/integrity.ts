import { HARD_CHECK_IDS, checkIdOf, findingKey, isProseFigureKey } from "@touming/vocabulary";
import { z } from "zod";
import { type DimensionResult, defineDimension, problemsOf } from "../dimension.js";
import { roundPoints } from "../points.js";
import { dimensionConfig, oneOf, points } from "../rubric/config-fields.js";
import { forOcrReview } from "../checks/ocr-review.js";
import { builtIn, named } from "./built-in.js";
import { tablesUnreadable } from "./tables-unreadable.js";

const configSchema = dimensionConfig("integrity", {
  max: points,
  softCheckCost: points,
  softCheckMaxCost: points,
  hardChecks: z
    .array(oneOf(HARD_CHECK_IDS, "a hard check"), { error: "expected a list of hard checks" })
    .min(1, "expected at least one hard check"),
  /**
   * Rubric v2: points lost per failed hard check (the maximum less this for each; version 1 scores
   * the share of hard checks that hold).
   */
  perFailedHard: points.optional(),
  /** Rubric v2: the points when there is nothing to check (no tables, no prose figures). */
  nothingToCheck: points.optional(),
});
export type IntegrityConfig = z.infer<typeof configSchema>;

/**
 * 数据准确: the share of the rubric's hard identities that hold, less a cost per failed soft check
 * (the report's own and those across its years, which the grade context brings). A legacy report,
 * which has no tables to check, is graded by how many prose figures it gives.
 */
export const integrity = defineDimension({
  ...builtIn("integrity", "integrity", configSchema),
  consistency: (g) =>
    problemsOf([
      [g.softCheckCost <= g.softCheckMaxCost, "softCheckCost", "expected at most softCheckMaxCost"],
      [g.softCheckMaxCost <= g.max, "softCheckMaxCost", `expected at most max (${g.max})`],
      [(g.nothingToCheck ?? 0) <= g.max, "nothingToCheck", `expected at most max (${g.max})`],
    ]),
  grade(input, g, { checks: all, dismissed }): DimensionResult {
    const r = input.report;
    const base = named("integrity", g.max);
    // A failed check an office dismissed by review is not counted, hard or soft: it costs nothing.
    const isDismissed = (c: (typeof all)[number]) =>
      c.status === "fail" && (dismissed?.has(findingKey.check(c.key)) ?? false);
    const waived = all.filter(isDismissed);
    // A failure on OCR figures not all read with confidence is for human check (a 提示): not the
    // agency's error, so neither counted nor charged, hard or soft.
    const unconfirmed = all.filter((c) => !isDismissed(c) && forOcrReview(c));
    const checks = all.filter((c) => !isDismissed(c) && !forOcrReview(c));
    const isHard = (c: (typeof all)[number]) =>
      c.severity === "hard" && g.hardChecks.includes(checkIdOf(c.key));
    const counted = checks.filter(isHard);
    const toReview = unconfirmed.filter(isHard);
    // A blank cell is not a 0: an identity that only a blank keeps from holding says nothing either way.
    const notEvaluable = counted.filter((c) => c.status === "not_evaluable");
    const hard = counted.filter((c) => c.status === "pass" || c.status === "fail");
    const softFailed = checks.filter((c) => c.severity === "soft" && c.status === "fail");
    const softCost = Math.min(g.softCheckMaxCost, softFailed.length * g.softCheckCost);
    const failed = hard.filter((c) => c.status === "fail");
    const evidence = {
      passed: hard.length - failed.length,
      failed: failed.map((c) => c.key),
      softFailed: softFailed.map((c) => c.key),
      notEvaluable: notEvaluable.map((c) => c.key),
      ...(waived.length > 0 ? { dismissed: waived.map((c) => c.key) } : {}),
      ...(toReview.length > 0 ? { ocrReview: toReview.map((c) => c.key) } : {}),
      // What each failed hard check cost (version 2), for the card's list of problems.
      ...(g.perFailedHard !== undefined ? { perFailedHard: g.perFailedHard } : {}),
    };
    // Hard checks ran, though every one that failed was dismissed: there was something to check.
    const checked = hard.length > 0 || waived.some((c) => c.severity === "hard");
    // Every identity checked takes figures read from a scan that could not all be confirmed: nothing
    // is verified either way — not scored, and not the agency's problem.
    if (hard.length === 0 && toReview.length > 0)
      return {
        ...base,
        points: 0,
        scored: false,
        reason: `勾稽关系无法核实：${toReview.length}项所涉数字据扫描件识别且未能全部确认，需人工核对，本项不评分，不视为机关的问题`,
        evidence,
      };
    if (!checked && r.tablesUnreadable != null) return tablesUnreadable(base, r);
    if (!checked) {
      const figures = new Set(
        r.values.filter((v) => isProseFigureKey(v.key) && v.value !== null).map((v) => v.key),
      ).size;
      // Version 2: the missing tables are charged once, under 数据公开; here there is nothing to check.
      if (g.nothingToCheck !== undefined && (input.year >= 2019 || figures === 0))
        return { ...base, points: g.nothingToCheck, reason: "无可核验的统计数据", evidence };
      if (input.year >= 2019) return { ...base, points: 0, reason: "无统计表，无法核验勾稽关系", evidence };
      return {
        ...base,
        points: roundPoints(Math.max(0, (g.max * Math.min(figures, 4)) / 4 - softCost)),
        reason: `旧格式报告：文中数据${figures}项（按数据完整程度计分）`,
        evidence,
      };
    }
    // Which checks failed is said on the card, one sentence each in the form's words; ids stay in open data.
    const reason =
      hard.length === 0
        ? `${waived.length}项不成立的勾稽关系经复核撤销（不扣分）`
        : failed.length === 0
          ? `勾稽关系全部成立（${hard.length}项）`
          : g.perFailedHard !== undefined
            ? `${failed.length}项勾稽关系不成立，每项扣${g.perFailedHard}分`
            : `${failed.length}项勾稽关系不成立（共核验${hard.length}项）`;
    const fromHard =
      g.perFailedHard !== undefined
        ? g.max - g.perFailedHard * failed.length
        : hard.length === 0
          ? g.max
          : (g.max * (hard.length - failed.length)) / hard.length;
    return {
      ...base,
      points: roundPoints(Math.max(0, fromHard - softCost)),
      reason:
        reason +
        (notEvaluable.length > 0 ? `；${notEvaluable.length}项因单元格空白无法核对（不扣分）` : "") +
        (waived.length > 0 && hard.length > 0 ? `；${waived.length}项经复核撤销（不扣分）` : "") +
        (toReview.length > 0
          ? `；${toReview.length}项所涉数字据扫描件识别且未能全部确认，列为提示，需人工核对（不扣分）`
          : "") +
        (softCost > 0
          ? `；${softFailed.length}项提示性核验未通过，扣${softCost}分`
          : softFailed.length > 0
            ? `；${softFailed.length}项提示性核验未通过（不扣分）`
            : ""),
      evidence,
    };
  },
});
