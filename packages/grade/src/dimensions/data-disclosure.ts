import { PROSE_FIGURE_KEY, SECTION_KEYS, findingKey, sectionName, tableOfKey } from "@touming/vocabulary";
import { z } from "zod";
import { defineDimension, near, problemsOf } from "../dimension.js";
import { roundPoints } from "../points.js";
import { dimensionConfig, points, sectionKey } from "../rubric/config-fields.js";
import type { GradedValue } from "../grade-input.js";
import { builtIn, named } from "./built-in.js";
import { tablesUnreadable } from "./tables-unreadable.js";

const configSchema = dimensionConfig("dataDisclosure", {
  max: points,
  tables2019: z.strictObject(
    { 二: points, 三: points, 四: points },
    { error: "expected the points of tables 二, 三 and 四" },
  ),
  legacyFigures: z
    .record(
      sectionKey,
      z
        .array(z.string().regex(PROSE_FIGURE_KEY, "expected a prose figure key, e.g. text.fees_yuan"), {
          error: "expected a list of prose figure keys",
        })
        .min(1, "expected at least one prose figure key"),
      {
        error: (issue) =>
          issue.code === "invalid_key"
            ? `expected a section key: ${SECTION_KEYS.join(", ")}`
            : "expected prose figure keys by section",
      },
    )
    .refine((r) => Object.keys(r).length > 0, "expected at least one section"),
  pointsPerLegacyFigure: points,
  /**
   * Rubric v2: a 2019+ report without the tables earns up to this for the prose figures it gives
   * (the missing tables charged here once); version 1 gives it nothing.
   */
  modernProseMax: points.optional(),
});
export type DataDisclosureConfig = z.infer<typeof configSchema>;

/** How many cells each table of the 2021 and the 2019 template has. */
const TABLE_CELLS_2021 = { 二: 10, 三: 25 * 7, 四: 15 };
const TABLE_CELLS_2019 = { 二: 22, 三: 23 * 7, 四: 15 };

/**
 * A figure OCR could not read from the scan: it is there, we could not read it — unverified (our
 * limit), never missing (the agency's omission). It counts as given.
 */
const unreadByOcr = (v: GradedValue): boolean => v.ocr?.level === "unreadable";

/**
 * The sections of legacyFigures whose prose figures the report gives, those it does not, and those
 * it gives only in figures OCR could not read (counted as given, listed as unverified).
 */
function legacyFigures(
  values: readonly GradedValue[],
  d: DataDisclosureConfig,
): { found: string[]; missing: string[]; unverified?: string[] } {
  const found: string[] = [];
  const missing: string[] = [];
  const unverified: string[] = [];
  for (const [item, keys] of Object.entries(d.legacyFigures)) {
    const own = values.filter((v) => keys.includes(v.key));
    if (own.some((v) => v.value !== null)) found.push(item);
    else if (own.some(unreadByOcr)) {
      found.push(item);
      unverified.push(item);
    } else missing.push(item);
  }
  return { found, missing, ...(unverified.length ? { unverified } : {}) };
}

/** What a reason adds for figures OCR could not read: unverified, not counted against the agency. */
const unverifiedNote = (items: readonly string[] | undefined): string =>
  items?.length
    ? `；${items.map(sectionName).join("、")}的数据据扫描件未能识别，按已公开计（未核实，不视为机关未公开）`
    : "";

/**
 * 数据公开: from 2019 on, each statistical table by the share of its cells found (a table of blanks
 * only counts as not disclosed); before, points for each kind of figure the prose gives.
 */
export const dataDisclosure = defineDimension({
  ...builtIn("data", "dataDisclosure", configSchema),
  consistency(d) {
    const tables = d.tables2019.二 + d.tables2019.三 + d.tables2019.四;
    const figures = Object.keys(d.legacyFigures).length;
    return problemsOf([
      [near(tables, d.max), "tables2019", `expected 二 + 三 + 四 = max (${d.max}), got ${tables}`],
      [
        near(d.pointsPerLegacyFigure * figures, d.max),
        "pointsPerLegacyFigure",
        `expected pointsPerLegacyFigure × ${figures} sections of legacyFigures = max (${d.max})`,
      ],
      [(d.modernProseMax ?? 0) <= d.max, "modernProseMax", `expected at most max (${d.max})`],
    ]);
  },
  grade(input, d, { dismissed, dismissedWhy }) {
    const r = input.report;
    const base = named("data", d.max);
    if (r.tablesUnreadable != null) return tablesUnreadable(base, r);
    if (input.year >= 2019) {
      // The missing tables an office dismissed by review cost nothing: not scored either way.
      if ((r.format === "legacy" || r.format === null) && dismissed?.has(findingKey.tables))
        return {
          ...base,
          points: 0,
          scored: false,
          reason: `未按规定格式列表的认定经复核撤销（${dismissedWhy?.get(findingKey.tables) ?? ""}），不计分`,
          evidence: { tables: {}, dismissed: true },
        };
      if (r.format === "legacy" || r.format === null) {
        const prose = legacyFigures(r.values, d);
        const share = prose.found.length / Object.keys(d.legacyFigures).length;
        const points = d.modernProseMax === undefined ? 0 : roundPoints(d.modernProseMax * share);
        return {
          ...base,
          points,
          reason:
            d.modernProseMax === undefined
              ? "未按规定格式公开统计表（表二、表三、表四均未找到）"
              : `未按规定格式列表（表二、表三、表四均未找到）；正文数据${prose.found.length}项，最多得${d.modernProseMax}分${unverifiedNote(prose.unverified)}`,
          evidence: { tables: {}, ...prose },
        };
      }
      const expected = r.format === "2019" ? TABLE_CELLS_2019 : TABLE_CELLS_2021;
      let total = 0;
      const parts: string[] = [];
      const tables: Record<string, { cells: number; expected: number; unreadable?: number }> = {};
      let unreadable = 0;
      for (const table of ["二", "三", "四"] as const) {
        const cells = r.values.filter((v) => tableOfKey(v.key) === table);
        // Blank cells count as disclosed only when the table prints numbers at all; a cell OCR could
        // not read is printed, unread by us (unverified, not missing).
        const unread = cells.filter(unreadByOcr).length;
        const found = cells.some((v) => v.value !== null || unreadByOcr(v)) ? cells.length : 0;
        total += d.tables2019[table] * Math.min(1, found / expected[table]);
        tables[table] = {
          cells: found,
          expected: expected[table],
          ...(unread ? { unreadable: unread } : {}),
        };
        parts.push(`表${table} ${found}/${expected[table]}`);
        unreadable += unread;
      }
      return {
        ...base,
        points: roundPoints(total),
        reason:
          `统计表填报：${parts.join("，")}` +
          (unreadable > 0
            ? `；其中${unreadable}个单元格据扫描件未能识别，按已填报计（未核实，不视为机关未公开）`
            : ""),
        evidence: { tables },
      };
    }
    const legacy = legacyFigures(r.values, d);
    const { found, missing } = legacy;
    return {
      ...base,
      points: Math.min(d.max, found.length * d.pointsPerLegacyFigure),
      reason:
        (missing.length === 0
          ? "主动公开、依申请、复议诉讼、收费数据均有"
          : `未见数据：${missing.map(sectionName).join("、")}`) + unverifiedNote(legacy.unverified),
      evidence: legacy,
    };
  },
});
