import type { IntegrityConfig } from "@touming/grade";
import { CHECKS, type CheckId, isCheckId } from "@touming/vocabulary";
import { pointsText as p } from "./numbers.js";

/** The Chinese names of these checks (a check the vocabulary does not know is left out: never its id). */
const checkNames = (ids: readonly string[]): string[] => ids.filter(isCheckId).map((id) => CHECKS[id].name);

const SOFT_CHECKS = (Object.keys(CHECKS) as CheckId[]).filter((id) => CHECKS[id].severity === "soft");

/**
 * 数据准确: the identities checked (by their Chinese names), what a failed one costs, what the hints
 * cost, and a report with nothing to check.
 */
export function integrityRules(g: IntegrityConfig): string[] {
  const hard = checkNames(g.hardChecks);
  const soft = checkNames(SOFT_CHECKS).join("、");
  const max = p(g.max);
  const legacy = `2019年以前的年度报告正文列有数据的，按数据项数计分，4项及以上得${max}分，不足4项的按比例计分`;
  return [
    `核验以下${hard.length}项勾稽关系：${hard.join("；")}`,
    g.perFailedHard === undefined
      ? `按成立的勾稽关系所占比例计分，全部成立得${max}分`
      : `全部成立得${max}分，每有一项不成立扣${p(g.perFailedHard)}分，最低0分`,
    g.softCheckCost > 0 && g.softCheckMaxCost > 0
      ? `提示性核验（${soft}）每有一项未通过扣${p(g.softCheckCost)}分，最多扣${p(g.softCheckMaxCost)}分`
      : `提示性核验（${soft}）未通过的，仅列为提示，不扣分`,
    g.nothingToCheck === undefined
      ? `2019年及以后的年度报告无统计表可核验的，本项得0分；${legacy}`
      : `无可核验的统计数据的，得${p(g.nothingToCheck)}分；${legacy}`,
    "机关经复核撤销的不成立项不扣分，也不计入封顶；机关经复核更正统计数（注明出处）的，按更正后的数重新核验相关勾稽关系",
  ];
}
