import { CHECKS, checkIdOf, isCheckId } from "@touming/vocabulary";
import type { GradedCheck } from "../grade-input.js";

/**
 * The number a check's side comes to: the one after its last "=" (`… = 28`, `text.x = 12 (“…”)`:
 * an excerpt's own digits are not it), else its last number (`现行有效 12`).
 */
function sideNumber(side: string): string | null {
  const equals = side.lastIndexOf("=");
  const after = equals < 0 ? null : /^\s*(-?\d+(?:\.\d+)?)/.exec(side.slice(equals + 1));
  return after?.[1] ?? /(-?\d+(?:\.\d+)?)\D*$/.exec(side)?.[1] ?? null;
}

/** What each soft check compares, in a card's words: the two numbers go in the blanks. */
const SOFT_WORDING: Readonly<Record<string, (left: string, right: string) => string>> = {
  "X-1": (l, r) =>
    `本年报告「上年结转政府信息公开申请数量」为${l}，上年报告「结转下年度继续办理」为${r}，两者应当一致`,
  "X-2": (l, r) => `「现行有效件数」为${l}，按上年现行有效件数加本年制发、减本年废止应为${r}`,
  "X-3": (l, r) => `正文所述数字为${l}，统计表中为${r}，两者不一致`,
};

/**
 * A failed soft check as a card's 提示, in Chinese without ids: what should agree and the two
 * numbers (whether it costs points, the 数据准确 reason says).
 */
export function checkWarning(check: GradedCheck): string {
  const id = checkIdOf(check.key);
  const left = sideNumber(check.left);
  const right = sideNumber(check.right);
  const worded = SOFT_WORDING[id];
  if (worded && left !== null && right !== null) return `${worded(left, right)}，请核对（提示）`;
  const name = isCheckId(id) ? CHECKS[id].name : "数据前后一致";
  return `「${name}」未能核实一致，请核对（提示）`;
}

/** The failed soft checks of a report, as the card's 提示. */
export const checkWarnings = (checks: readonly GradedCheck[]): string[] =>
  checks.filter((c) => c.severity === "soft" && c.status === "fail").map(checkWarning);
