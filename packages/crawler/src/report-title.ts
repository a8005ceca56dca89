import { yearFromTitle } from "@touming/vocabulary";

export { yearFromTitle };
// Look-alikes that share words with annual reports (field guide: "Recognising a report by its title").
const LOOK_ALIKES =
  /(要点|实施方案|工作方案|工作总结|预算|决算|统计年报|统计公报|统计年鉴|法治政府|指南|目录|报表|格式|通知|办法|国办公开办函|征求意见|解读|考核|评估报告|第三方评估)/;

/** Whether a link title reads as a 政府信息公开 annual report (and not one of its look-alikes). */
export function isAnnualReportTitle(title: string): boolean {
  const t = title.replace(/\s+/g, "");
  if (!/(信息公开|政务公开)/.test(t)) return false;
  if (!/(年度报告|年报|工作报告)/.test(t)) return false;
  return !LOOK_ALIKES.test(t);
}

/**
 * Whether the title names another agency: a name before the year that is not this agency's
 * (a department column republishing its government's report).
 */
export function namesOtherAgency(title: string, agencyName: string): boolean {
  const t = title.replace(/\s+/g, "");
  const prefix = /^(.*?)(?:关于)?(?:(?:19|20)\d{2}|[〇零○一二三四五六七八九]{4})年/.exec(t)?.[1] ?? "";
  if (prefix.length < 3 || !/(政府|局|委员会|委|厅|办|院|中心|署)$/.test(prefix)) return false;
  return !(prefix.includes(agencyName) || agencyName.includes(prefix));
}
