import { type ReportFormat, describeCell, parseReviewFact } from "@touming/vocabulary";
import type { AppliedCorrection } from "./corrections.js";
import type { GradeFinding } from "./findings.js";

/** A corrected fact in a few Chinese words: what it is now, on what evidence. */
export function correctionText(c: AppliedCorrection, agencyId: string, format: ReportFormat | null): string {
  const parsed = parseReviewFact(c.fact);
  const basis = c.evidence ? `（依据：${c.evidence}）` : "";
  if (parsed?.kind === "publish_date") return `更正发布日期为${c.value}${basis}`;
  if (parsed?.kind === "agency")
    return c.value === agencyId
      ? "确认报告属于本机关"
      : `更正报告所属机关为${c.valueName ? `「${c.valueName}」` : "其他机关"}，本机关该年度按未找到报告处理`;
  if (parsed?.kind === "cell") {
    const where =
      describeCell(parsed.key, format && format !== "legacy" ? format : "2021") ??
      describeCell(parsed.key, "legacy") ??
      "统计数据";
    return `更正${where}为${c.value}${basis}`;
  }
  return "更正";
}

/**
 * What the reviews did to a grade, one line each: each finding dismissed (with the office's reason)
 * and each fact corrected. Confirmations change nothing and are not listed.
 */
export function reviewEffects(
  findings: readonly GradeFinding[],
  corrections: readonly AppliedCorrection[],
  agencyId: string,
  format: ReportFormat | null,
): string[] {
  return [
    ...findings
      .filter((f) => f.state === "dismissed")
      .map((f) => `撤销：${f.summary}${f.review?.reason ? `（复核意见：${f.review.reason}）` : ""}`),
    ...corrections.map((c) => correctionText(c, agencyId, format)),
  ];
}
