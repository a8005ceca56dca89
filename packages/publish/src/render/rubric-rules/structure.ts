import type { StructureConfig } from "@touming/grade";
import { sectionName } from "@touming/vocabulary";
import { pointsText as p } from "./numbers.js";

const names = (keys: readonly string[]) => keys.map(sectionName).join("、");

/**
 * 结构完整: the sections each era's report must have, with their points, those a government's own
 * report must also have, and what stands in for one.
 */
export function structureRules(s: StructureConfig): string[] {
  const rules = [
    `2019年及以后的年度报告应包含以下${s.required2019.length}个部分，每部分${p(s.perSection)}分：${names(s.required2019)}`,
    `2019年以前的年度报告应包含以下${s.requiredLegacy.length}个部分，每部分${p(s.perSection)}分：${names(s.requiredLegacy)}`,
  ];
  if (s.requiredGovernment?.length)
    rules.push(
      `人民政府（本级政府）2019年及以后的年度报告还应包含${names(s.requiredGovernment)}部分，缺少的每部分扣${p(s.perSection)}分，本项最低0分`,
    );
  if ([...s.required2019, ...s.requiredLegacy].includes("problems"))
    rules.push(`报告写有改进措施的，视为包含${names(["problems"])}部分`);
  if (s.tableSections?.length)
    rules.push(`2019年及以后的年度报告未采用规定格式（缺少统计表）的，${names(s.tableSections)}部分不得分`);
  return rules;
}
