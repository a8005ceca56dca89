import { findingKey, sectionName } from "@touming/vocabulary";
import type { z } from "zod";
import { defineDimension, near, problemsOf } from "../dimension.js";
import { dimensionConfig, points, sectionKeys } from "../rubric/config-fields.js";
import { builtIn, named } from "./built-in.js";

const configSchema = dimensionConfig("structure", {
  max: points,
  perSection: points,
  required2019: sectionKeys,
  requiredLegacy: sectionKeys,
  /**
   * Version 1: sections a 2019+ report without tables is not credited with, whatever its headings say
   * (version 2 leaves it out: the missing tables are charged once, under 数据公开).
   */
  tableSections: sectionKeys.optional(),
  /**
   * Sections a 人民政府's own 2019+ report must also have, beyond required2019 (2019 条例 第五十条:
   * 工作考核、社会评议和责任追究结果), each worth perSection: a department's report is not held to them.
   */
  requiredGovernment: sectionKeys.optional(),
});
export type StructureConfig = z.infer<typeof configSchema>;

/**
 * 结构完整: points for each required section found (the 2019 list from 2019 on, with the government
 * list for a government's own report, the legacy list before); a 2019+ report written as legacy prose
 * has no table sections, whatever its headings say.
 */
export const structure = defineDimension({
  ...builtIn("structure", "structure", configSchema),
  consistency: (s) =>
    problemsOf([
      ...(["required2019", "requiredLegacy"] as const).map(
        (list) =>
          [
            near(s.perSection * s[list].length, s.max),
            "perSection",
            `expected perSection × ${s[list].length} sections of ${list} = max (${s.max})`,
          ] as const,
      ),
      // The government list adds beyond max: its sections cost perSection, points floor at 0.
      ...(s.requiredGovernment ?? []).map(
        (key, i) =>
          [
            !s.required2019.includes(key),
            `requiredGovernment[${i}]`,
            "expected a section not in required2019",
          ] as const,
      ),
      ...(s.tableSections ?? []).map(
        (key, i) =>
          [
            s.required2019.includes(key),
            `tableSections[${i}]`,
            "expected a section of required2019",
          ] as const,
      ),
    ]),
  grade(input, s, { dismissed }) {
    const r = input.report;
    const modern = input.year >= 2019;
    // A government (本级政府) is any agency not a department, as for its deadline (deadline.ts).
    const government = input.agency.level !== "department";
    const required = modern
      ? [...s.required2019, ...(government ? (s.requiredGovernment ?? []) : [])]
      : s.requiredLegacy;
    const present = new Set(r.sections.map((x) => x.key));
    if (present.has("improvements")) present.add("problems");
    const legacyInModernEra = modern && r.format === "legacy";
    const found = required.filter(
      (k) => present.has(k) && !(legacyInModernEra && (s.tableSections ?? []).includes(k)),
    );
    const absent = required.filter((k) => !found.includes(k));
    // A missing section an office dismissed by review is not charged.
    const waived = absent.filter((k) => dismissed?.has(findingKey.section(k)));
    // Nor one that may be on a scanned page OCR could not read: it cannot be said to be missing.
    const unreadPages = r.ocrUnreadPages ?? [];
    const unverified = unreadPages.length > 0 ? absent.filter((k) => !waived.includes(k)) : [];
    const missing = absent.filter((k) => !waived.includes(k) && !unverified.includes(k));
    const reason =
      (missing.length > 0
        ? `缺少：${missing.map(sectionName).join("、")}`
        : unverified.length > 0
          ? `找到规定的${found.length}个部分`
          : `规定的${required.length}个部分齐全`) +
      (legacyInModernEra && s.tableSections ? `；${input.year}年度报告未采用规定格式（缺少统计表）` : "") +
      (waived.length > 0 ? `；经复核撤销：缺少${waived.map(sectionName).join("、")}（不扣分）` : "") +
      (unverified.length > 0
        ? `；扫描件第${unreadPages.join("、")}页未能识别，${unverified.map(sectionName).join("、")}无法核实（不扣分，不视为机关的问题）`
        : "");
    return {
      ...named("structure", s.max),
      points: Math.min(s.max, Math.max(0, s.max - missing.length * s.perSection)),
      reason,
      evidence: {
        found,
        missing,
        format: r.format,
        ...(waived.length ? { dismissed: waived } : {}),
        ...(unverified.length ? { unverified, unreadPages } : {}),
      },
    };
  },
});
