import type { GradedCheck } from "../grade-input.js";

/** A failed soft check as a card's warning: `X-1:total：…（left；right）`. */
export const checkWarnings = (checks: readonly GradedCheck[]): string[] =>
  checks
    .filter((c) => c.severity === "soft" && c.status === "fail")
    .map((c) => `${c.key}：${c.message}（${c.left}；${c.right}）`);
