import type { ExtractedValue } from "../types.js";
import { NOT_ARTICLE, QUANTITY, readQuantity } from "./prose-quantity.js";
import { type ProseSentence, toProseSentences } from "./prose-sentences.js";
import { findZeroStatements } from "./prose-zero-statements.js";
import { clauseAround, type ReportLine } from "./report-lines.js";

interface CountRule {
  key: string;
  /** A QUANTITY inside; flags "gd" (group indices place the number). */
  re: RegExp;
  /** Whether the sentence is about what the rule counts (a bare 诉讼 needs 信息公开 around it). */
  about?: RegExp;
  unitScale?: (unit: string) => number;
  /** A row of a flattened statistics table: its own excerpt, never a stated total. */
  row?: boolean;
  /**
   * Words `re` cannot match without: one of each group. Checked with `includes` before the rule's
   * regex runs over a sentence, which most sentences would fail only after trying every position.
   */
  needs: readonly (readonly string[])[];
}

// Stays inside one clause.
const C = "[^。;；,，\\n]";
// Units of applications: an application is never counted in 条 (条 counts items of information).
const APPLICATIONS = "(?:件次|件|个|份|人次)";
const CASES = "(?:件|起|次|宗|个)";
// Words that make a review or lawsuit number a count of outcomes, not of cases.
const NOT_OUTCOME = "(?!纠错|纠正|维持|败诉|胜诉|撤销|驳回)";

const rule = (
  key: string,
  source: string,
  needs: CountRule["needs"],
  extra: Omit<CountRule, "key" | "re" | "needs"> = {},
): CountRule => ({
  key,
  re: new RegExp(source, "gd"),
  needs,
  ...extra,
});

// Figures in prose, each scoped to the words that say what is counted and to its unit: 网站信息
// are not applications, 不予公开信息数1854条 are items of information, not refused applications.
const RULES: CountRule[] = [
  rule(
    "text.proactive_items",
    `(?<!不予|申请|部分)公开了?(?:(?!发布|页面|栏目|申请)${C}){0,10}?信息${C}{0,8}?[,，]?\\s*${QUANTITY}\\s*条${NOT_ARTICLE}`,
    [["公开"], ["信息"], ["条"]],
  ),
  rule(
    "text.applications_received",
    `(?:受理|收到|接收|接到|办理)(?:(?!复议|诉讼|信访|投诉)${C}){0,12}?申请(?!人)${C}{0,6}?${QUANTITY}\\s*${APPLICATIONS}`,
    [["受理", "收到", "接收", "接到", "办理"], ["申请"]],
  ),
  // Number before the noun: "全区共收到70件申请".
  rule(
    "text.applications_received",
    `(?:受理|收到|接收|接到)(?:(?!复议|诉讼|信访|投诉)${C}){0,8}?${QUANTITY}\\s*${APPLICATIONS}(?:(?!复议|诉讼)${C}){0,10}?申请(?!人)`,
    [["受理", "收到", "接收", "接到"], ["申请"]],
  ),
  rule(
    "text.applications_granted",
    `(?<!部分|不予)(?:予以公开|同意公开|全部公开)${C}{0,4}?${QUANTITY}\\s*${APPLICATIONS}`,
    [["予以公开", "同意公开", "全部公开"]],
  ),
  // "予以公开及部分公开258件" is granted and partly granted together: neither key.
  rule(
    "text.applications_partially_granted",
    `(?<!(?:予以|同意|全部)公开[及和与、]?)部分公开${C}{0,4}?${QUANTITY}\\s*${APPLICATIONS}`,
    [["部分公开"]],
  ),
  rule("text.applications_withheld", `不予公开(?:(?!信息)${C}){0,4}?${QUANTITY}\\s*${APPLICATIONS}`, [
    ["不予公开"],
  ]),
  rule("text.consultations", `咨询${C}{0,12}?${QUANTITY}\\s*(?:人次|件次|件|次|条|个|封|批)`, [["咨询"]]),
  rule("text.reviews", `(?:行政)?复议(?:${NOT_OUTCOME}${C}){0,6}?${QUANTITY}\\s*${CASES}`, [["复议"]]),
  // 诉讼 without 行政 ("行政复议7件，诉讼9件") when the sentence is about information disclosure.
  rule("text.lawsuits", `(?<!刑事|民事)诉讼(?:${NOT_OUTCOME}${C}){0,6}?${QUANTITY}\\s*${CASES}`, [["诉讼"]], {
    about: /信息公开|政府信息|政务公开|复议/,
  }),
  rule(
    "text.fees_yuan",
    `(?:信息处理费|收取费用|(?<!事业性)收费)${C}{0,8}?(?<pre>约|近)?\\s*(?<n>\\d[\\d,]*(?:\\.\\d+)?)\\s*(?<unit>万元|元)`,
    [["信息处理费", "收取费用", "收费"], ["元"]],
    { unitScale: (unit) => (unit === "万元" ? 10_000 : 1) },
  ),
  // A legacy statistics table flattened into text: label, unit, this year, all years
  // ("行政诉讼数 条 0 0"). The unit there belongs to the table, so 条 is accepted.
  rule("text.proactive_items", `主动公开(?:政府)?信息总?数\\s*[条件]\\s*(?<n>\\d+)`, [["主动公开"]], {
    row: true,
  }),
  rule(
    "text.applications_received",
    `受理依申请公开信息总数\\s*[条件]\\s*(?<n>\\d+)`,
    [["受理依申请公开信息总数"]],
    { row: true },
  ),
  rule("text.reviews", `行政复议(?:案件)?数\\s*[条件]\\s*(?<n>\\d+)`, [["行政复议"]], { row: true }),
  rule("text.lawsuits", `行政诉讼(?:案件)?数\\s*[条件]\\s*(?<n>\\d+)`, [["行政诉讼"]], { row: true }),
];

// A stated total ("共", "累计", "全年") beats a part; a channel or a breakdown ("其中", "通过…网站")
// marks a part even when it also says 全年.
const TOTAL = /(共|累计|全年|总计|合计|总数|全区|全县|全市)/;
const PART = /(其中|通过|网站|微信|微博|公众号|公报|各乡镇|各部门|区直|县直)/;

interface Candidate {
  figure: ExtractedValue;
  /** 2: a stated total; 1: any other statement. */
  rank: number;
  /** Where it starts in its sentence. */
  start: number;
}

// How far back a total or part marker may stand: one-line text dumps have clauses of hundreds
// of characters without a comma.
const LEAD_IN = 16;

/** The clause before a match (back to the last comma, at most LEAD_IN characters) and the match up to its number. */
function leadIn(sentence: ProseSentence, start: number, numberAt: number): string {
  const before = sentence.match.slice(0, start);
  const clauseStart = Math.max(
    start - LEAD_IN,
    ...["，", ",", "：", ":"].map((p) => before.lastIndexOf(p) + 1),
  );
  return sentence.match.slice(clauseStart, numberAt);
}

// A numbered heading run into the text of a one-line dump ("三、政府信息依申请公开工作情况 2011年…").
const INLINE_HEADING = /^.*[一二三四五六七八九十]、[^，。]{2,30}?(?:情况|事项)\s+/;

/** The clause holding the figure, without a section heading run into it. */
function excerptOf(sentence: ProseSentence, start: number, end: number): string {
  const clause = clauseAround(sentence.text, start, end);
  const heading = INLINE_HEADING.exec(clause);
  const matchAt = clause.indexOf(sentence.text.slice(start, end));
  return heading && matchAt >= heading[0].length ? clause.slice(heading[0].length).trim() : clause;
}

interface Place {
  start: number;
  end: number;
  /** Where the number starts (the statement's start for an explicit zero). */
  numberAt: number;
}

function candidate(
  sentence: ProseSentence,
  key: string,
  value: number,
  place: Place,
  options: { approximate?: boolean; row?: boolean } = {},
): Candidate {
  const { start, end, numberAt } = place;
  const raw = sentence.text.slice(start, end);
  const figure: ExtractedValue = {
    key,
    value,
    raw,
    excerpt: options.row ? raw : excerptOf(sentence, start, end),
  };
  if (options.approximate) figure.approximate = true;
  if (sentence.page !== undefined) figure.page = sentence.page;
  const lead = leadIn(sentence, start, numberAt);
  const total = !options.row && TOTAL.test(lead) && !PART.test(lead);
  return { figure, rank: total ? 2 : 1, start };
}

// Every rule holds a number (`n`: ASCII digits or Chinese numerals, the parse form folds full-width
// digits): a sentence without one is not run through the rules, most of the time of this module.
const ANY_NUMBER = /[\d一二三四五六七八九十百千万零两〇]/;

/** Whether `text` holds one word of each group (plain loops: two closures per rule and sentence added up). */
function holdsAll(text: string, needs: CountRule["needs"]): boolean {
  for (const words of needs) {
    let any = false;
    for (const word of words) {
      if (text.includes(word)) {
        any = true;
        break;
      }
    }
    if (!any) return false;
  }
  return true;
}

function sentenceCandidates(sentence: ProseSentence): Candidate[] {
  const found: Candidate[] = [];
  for (const r of ANY_NUMBER.test(sentence.match) ? RULES : []) {
    if (!holdsAll(sentence.match, r.needs)) continue;
    if (r.about && !r.about.test(sentence.match)) continue;
    for (const m of sentence.match.matchAll(r.re)) {
      const quantity = readQuantity(m.groups);
      if (!quantity) continue;
      const value = quantity.value * (r.unitScale?.(m.groups?.unit ?? "") ?? 1);
      const place = {
        start: m.index,
        end: m.index + m[0].length,
        numberAt: m.indices?.groups?.n?.[0] ?? m.index,
      };
      found.push(
        candidate(sentence, r.key, value, place, { approximate: quantity.approximate, row: r.row ?? false }),
      );
    }
  }
  for (const zero of findZeroStatements(sentence.match)) {
    found.push(candidate(sentence, zero.key, 0, { ...zero, numberAt: zero.start }));
  }
  return found;
}

/**
 * Figures stated in sentences, for legacy reports and 2019+ narratives. Approximations
 * (余, 多, 近, 约, 左右) are kept as approximate; "未发生…"/"没有…" are explicit zeros. Per key the
 * first statement wins, unless a later one is a stated total and the first is not.
 */
export function findProseFigures(lines: readonly ReportLine[]): ExtractedValue[] {
  const best = new Map<string, { candidate: Candidate; order: number }>();
  let order = 0;
  for (const sentence of toProseSentences(lines)) {
    for (const c of sentenceCandidates(sentence).sort((a, b) => a.start - b.start)) {
      const current = best.get(c.figure.key);
      if (!current || c.rank > current.candidate.rank)
        best.set(c.figure.key, { candidate: c, order: order++ });
    }
  }
  return [...best.values()].sort((a, b) => a.order - b.order).map((b) => b.candidate.figure);
}
