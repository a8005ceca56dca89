import type { DimensionResult } from "../dimension.js";
import type { named } from "./built-in.js";

/**
 * A report in a 2019+ form whose tables this reader could not read (cells run together in a text
 * dump…): our limit, not the agency's omission — the dimension is not scored, and says why.
 */
export function tablesUnreadable(
  base: ReturnType<typeof named>,
  r: { format: string | null; tablesUnreadable?: string | null },
): DimensionResult {
  return {
    ...base,
    points: 0,
    scored: false,
    reason: `统计表无法核实：报告按${r.format === "2019" ? "2019" : "2021"}年版格式编制，但表格内容未能可靠读取（如单元格数字连写），本项不评分，不视为机关的问题`,
    evidence: { tablesUnreadable: r.tablesUnreadable ?? "" },
  };
}
