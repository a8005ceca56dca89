import type { DataDisclosureConfig } from "@touming/grade";
import { sectionName } from "@touming/vocabulary";
import { pointsText as p } from "./numbers.js";

/** 数据公开: each statistical table's points, a report without them, and the legacy prose figures. */
export function dataDisclosureRules(d: DataDisclosureConfig): string[] {
  const t = d.tables2019;
  const withoutTables = "2019年及以后的年度报告未按规定格式列表（表二、表三、表四均未找到）的";
  const sections = Object.keys(d.legacyFigures);
  return [
    `2019年及以后的年度报告按各统计表已填报单元格所占比例计分：表二${p(t.二)}分，表三${p(t.三)}分，表四${p(t.四)}分；统计表未填任何数字的，视为未公开`,
    d.modernProseMax === undefined
      ? `${withoutTables}，本项得0分`
      : `${withoutTables}，按正文所列数据计分，最多得${p(d.modernProseMax)}分`,
    `2019年以前的年度报告按正文所列数据计分，以下${sections.length}类数据每类${p(d.pointsPerLegacyFigure)}分：${sections.map(sectionName).join("、")}`,
  ];
}
