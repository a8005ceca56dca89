import type { AccessibilityConfig } from "@touming/grade";
import { pointsText as p } from "./numbers.js";

/** A scanned report loses this many of the machine-readable points (as the grading does). */
const SCAN_LOSS = 3;

/** 可获取性: machine-readable text, and publication on the agency's own site. */
export function accessibilityRules(a: AccessibilityConfig): string[] {
  const scanned = Math.max(0, a.machineReadable - SCAN_LOSS);
  return [
    `报告为可复制、可检索的文字的得${p(a.machineReadable)}分，为扫描图像、没有文字层的得${p(scanned)}分`,
    `报告发布在本机关网站的得${p(a.ownSite)}分，未在本机关网站发布的不得分`,
  ];
}
