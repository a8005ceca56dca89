import type { TimelinessConfig } from "@touming/grade";
import { pointsText as p } from "./numbers.js";

/** 按时发布: the points on time, within the grace days and beyond them, and what dates count. */
export function timelinessRules(t: TimelinessConfig): string[] {
  const grace = t.lateGraceDays;
  return [
    `按期发布得${p(t.onTime)}分；逾期${grace}天以内得${p(t.lateWithinGrace)}分；逾期超过${grace}天得${p(t.lateBeyondGrace)}分`,
    "发布日期以报告页面或栏目列表标注的日期为准，报告落款日期和抓取记录可以证明逾期；仅知道首次发现报告的日期的，发布日期无法确认，本项不计分",
    "机关经复核更正发布日期并提供证明网址的，以更正的日期为准；逾期的认定经复核撤销的，本项不计分",
  ];
}
