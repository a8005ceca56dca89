import { isProseFigureKey, proseFigureName } from "./value-keys.js";

/**
 * What each prose figure (report-format.md, `text.*`) counts, in plain Chinese. These are
 * descriptions, not printed labels: prose reports have no form, and a figure is found in whatever
 * sentence states it.
 */
export const PROSE_FIGURE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  proactive_items: "主动公开政府信息条数",
  applications_received: "收到政府信息公开申请件数",
  applications_granted: "予以公开的申请件数",
  applications_partially_granted: "部分公开的申请件数",
  applications_withheld: "不予公开的申请件数",
  consultations: "受理咨询数量",
  reviews: "行政复议案件数",
  lawsuits: "行政诉讼案件数",
  fees_yuan: "收取费用金额（元）",
};

/** `text.reviews` → `行政复议案件数`; null for a key that is not a known prose figure. */
export function proseFigureDescription(key: string): string | null {
  const name = proseFigureName(key);
  if (!isProseFigureKey(key) || !Object.hasOwn(PROSE_FIGURE_DESCRIPTIONS, name)) return null;
  return PROSE_FIGURE_DESCRIPTIONS[name] ?? null;
}
