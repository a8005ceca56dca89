import type { ExtractedValue } from "../types.js";
import { parseChineseNumber } from "./numbers.js";
import { type ReportLine, clauseAround } from "./report-lines.js";

interface FigureRule {
  key: string;
  /** The number is group `n`; approximation words in groups `pre`/`post`. */
  re: RegExp;
  /** Matches that are explicit zeros ("未发生…", "没有…"). */
  zero?: boolean;
  /** Words before the match that make a candidate preferred (totals over parts). */
  prefer?: RegExp;
  /** Words right before the match that disqualify it. */
  reject?: RegExp;
  unitScale?: (unit: string) => number;
}

const NUM =
  "(?<pre>约|近|共约)?\\s*(?<n>\\d[\\d,]*(?:\\.\\d+)?|[一二三四五六七八九十百千零两]+)\\s*(?<post>余|多|左右)?";
const G = "[^。;；\\n]"; // stays within a sentence

// Figures in prose, each scoped to the words that say what is counted: a number of 网站信息 is
// not a number of applications.
const RULES: FigureRule[] = [
  {
    key: "text.proactive_items",
    re: new RegExp(`公开(?:了)?(?:政府|政务)?信息[^。;；,，\\n]{0,8}?[,，]?\\s*${NUM}\\s*条`, "g"),
    prefer: /(累计|共计|共|全年|总计)/,
    reject: /申请$/,
  },
  {
    key: "text.applications_received",
    re: new RegExp(
      `(?:受理|收到|接收|接到|办理)${G}{0,12}?申请${G}{0,6}?${NUM}\\s*(?:件|个|条|份|人次)`,
      "g",
    ),
  },
  {
    key: "text.applications_received",
    re: new RegExp(`(?:没有|未收到|未接到|无)${G}{0,8}?(?:依申请公开|信息公开申请|公开申请|申请公开)`, "g"),
    zero: true,
  },
  {
    key: "text.applications_granted",
    re: new RegExp(`(?:予以公开|同意公开|全部公开)${G}{0,4}?${NUM}\\s*(?:件|个|条)`, "g"),
    reject: /部分$/,
  },
  {
    key: "text.applications_partially_granted",
    re: new RegExp(`部分公开${G}{0,4}?${NUM}\\s*(?:件|个|条)`, "g"),
  },
  { key: "text.applications_withheld", re: new RegExp(`不予公开${G}{0,4}?${NUM}\\s*(?:件|个|条)`, "g") },
  { key: "text.consultations", re: new RegExp(`咨询${G}{0,12}?${NUM}\\s*(?:件|次|人次|条|个|封)`, "g") },
  {
    key: "text.reviews",
    re: new RegExp(`(?:未发生|没有发生|未出现|没有|无)${G}{0,20}?行政复议`, "g"),
    zero: true,
  },
  {
    key: "text.lawsuits",
    re: new RegExp(`(?:未发生|没有发生|未出现|没有|无)${G}{0,26}?诉讼`, "g"),
    zero: true,
  },
  { key: "text.reviews", re: new RegExp(`行政复议${G}{0,6}?${NUM}\\s*(?:件|起|次|宗)`, "g") },
  { key: "text.lawsuits", re: new RegExp(`行政诉讼${G}{0,6}?${NUM}\\s*(?:件|起|次|宗)`, "g") },
  {
    key: "text.fees_yuan",
    re: new RegExp(`(?:没有|未|无|不)${G}{0,16}?收取${G}{0,8}?费用?`, "g"),
    zero: true,
  },
  {
    key: "text.fees_yuan",
    re: new RegExp(
      `(?:信息处理费|收取费用|收取信息处理费|收费)${G}{0,8}?(?<pre>约|近)?\\s*(?<n>\\d[\\d,]*(?:\\.\\d+)?)\\s*(?<unit>万元|元)`,
      "g",
    ),
    unitScale: (unit) => (unit === "万元" ? 10_000 : 1),
  },
];

/**
 * Figures stated in sentences, for legacy reports and 2019+ narratives. Approximations
 * (余, 多, 近, 约, 左右) are kept as approximate; "未发生…"/"没有…" are explicit zeros.
 */
export function findProseFigures(lines: readonly ReportLine[]): ExtractedValue[] {
  const best = new Map<string, { value: ExtractedValue; preferred: boolean; order: number }>();
  let order = 0;
  for (const line of lines) {
    for (const rule of RULES) {
      for (const m of line.parse.matchAll(rule.re)) {
        const before = line.parse.slice(Math.max(0, m.index - 6), m.index);
        if (rule.reject?.test(before)) continue;
        let value: number | null;
        let approximate = false;
        if (rule.zero) value = 0;
        else {
          const raw = m.groups?.n ?? "";
          value = /\d/.test(raw) ? Number(raw.replace(/,/g, "")) : parseChineseNumber(raw);
          if (value === null || !Number.isFinite(value)) continue;
          value *= rule.unitScale?.(m.groups?.unit ?? "") ?? 1;
          approximate = Boolean(m.groups?.pre || m.groups?.post);
        }
        const figure: ExtractedValue = {
          key: rule.key,
          value,
          raw: line.text.slice(m.index, m.index + m[0].length),
          excerpt: clauseAround(line.text, m.index, m.index + m[0].length),
        };
        if (approximate) figure.approximate = true;
        if (line.page !== undefined) figure.page = line.page;
        const preferred = rule.prefer?.test(line.parse.slice(Math.max(0, m.index - 12), m.index)) ?? false;
        const current = best.get(rule.key);
        // The first statement wins, unless a later one is marked as the total (累计, 共计).
        if (!current || (preferred && !current.preferred))
          best.set(rule.key, { value: figure, preferred, order: order++ });
      }
    }
  }
  return [...best.values()].sort((a, b) => a.order - b.order).map((b) => b.value);
}
