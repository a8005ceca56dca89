import type { SectionKey } from "@touming/vocabulary";
import type { ExtractedSection } from "../types.js";
import type { ReportLine } from "./report-lines.js";

// 工作考核、社会评议和责任追究结果 (2019 条例 第五十条): a government's heading or a sentence of its body.
const ASSESSMENT_WORDS = /(工作考核|社会评议|责任追究)/;

// What a heading's words say about the section under it; one heading may open two (问题及改进).
const HEADING_RULES: [SectionKey, RegExp][] = [
  ["overview", /(总体情况|概述|概况|基本情况|总体工作情况)/],
  ["proactive", /主动公开/],
  ["applications", /(依申请公开|公开申请|申请公开|收到和处理|申请情况)/],
  ["review_litigation", /(行政复议|行政诉讼)/],
  ["fees", /(收费|费用|减免)/],
  ["consultations", /咨询/],
  ["problems", /(问题|不足)/],
  ["improvements", /(改进|下步|下一步|打算|努力方向|工作计划|工作安排|整改)/],
  ["assessment", ASSESSMENT_WORDS],
  ["other", /其他需要报告/],
];
// Legacy reports often state problems or plans in a paragraph, not under a heading.
const PARAGRAPH_CUES: [SectionKey, RegExp][] = [
  ["problems", /^.{0,20}(存在的?主要?问题|不足(和|与)差距|不足之处|主要表现为|还存在)/],
  ["improvements", /^.{0,6}(下一步|下步|今后|20\d\d年[,，]?我(局|委|办|厅|市|县|区)将)/],
  ["proactive", /^.{0,4}(在公开内容上|主动公开)/],
];
const SENTENCE_END = /[。；;！!？?]/;

const TOP_HEADING = /^\s*([一二三四五六七八九十]{1,3})\s*[、.．]\s*(.+)$/;
const SUB_HEADING = /^\s*[(（]\s*([一二三四五六七八九十]{1,3})\s*[)）]\s*(.+)$/;
const PART_HEADING = /^\s*第[一二三四五六七八九十]{1,3}部分\s*(.+)$/;

interface Heading {
  line: number;
  level: 1 | 2;
  title: string;
}

/**
 * A numbered line's heading: the whole line when short, else up to the first full stop; null for
 * prose. A heading cut from a run-on line runs on into its text: its title ends at the first space or
 * full stop, or after 24 characters.
 */
function headingTitle(line: string, inline = false): string | null {
  const t = line.trim();
  const stop = t.search(inline ? /[。；;\s]/ : /[。；;]/);
  const title = stop >= 0 ? t.slice(0, stop) : t;
  if (inline) return title.slice(0, 24);
  return title.length > 50 ? null : title;
}

function findHeadings(lines: readonly ReportLine[]): Heading[] {
  const headings: Heading[] = [];
  lines.forEach((line, i) => {
    const level =
      TOP_HEADING.test(line.parse) || PART_HEADING.test(line.parse)
        ? 1
        : SUB_HEADING.test(line.parse)
          ? 2
          : 0;
    if (level === 0) return;
    const title = headingTitle(line.text, line.inline);
    if (title) headings.push({ line: i, level: level as 1 | 2, title });
  });
  return headings;
}

/**
 * The sentence of `text` holding position `at`; a long one is cut to the clauses (between commas)
 * nearest `at`, at most 30 characters either side.
 */
function sentenceAround(text: string, at: number): string {
  let from = at;
  while (from > 0 && !SENTENCE_END.test(text[from - 1]!) && at - from < 30) from--;
  if (from > 0 && !SENTENCE_END.test(text[from - 1]!)) {
    const clause = text.slice(from, at).search(/[,，:：]/);
    if (clause >= 0) from += clause + 1;
  }
  let to = at;
  while (to < text.length && !SENTENCE_END.test(text[to]!) && to - at < 30) to++;
  if (to < text.length && !SENTENCE_END.test(text[to]!)) {
    const clause = Math.max(text.lastIndexOf("，", to - 1), text.lastIndexOf(",", to - 1));
    if (clause > at) to = clause;
  }
  return text.slice(from, to).trim();
}

function keysOf(title: string): SectionKey[] {
  return HEADING_RULES.filter(([, re]) => re.test(title)).map(([key]) => key);
}

/**
 * The report's sections: numbered headings (一、 and （一）) classified by their words, the preamble as
 * overview when no heading says 总体情况, paragraphs that state problems or plans without a heading,
 * and any sentence that states 工作考核、社会评议或责任追究 when no heading does.
 */
export function findSections(lines: readonly ReportLine[]): ExtractedSection[] {
  const headings = findHeadings(lines);
  const found = new Map<SectionKey, ExtractedSection & { line: number }>();
  const add = (key: SectionKey, title: string, from: number, to: number) => {
    if (found.has(key)) return;
    const text = lines
      .slice(from, to)
      .map((l) => l.text)
      .join("\n");
    found.set(key, { key, title, text, line: from });
  };

  headings.forEach((heading, i) => {
    // The section runs to the next heading of the same or a higher level.
    const next = headings.slice(i + 1).find((h) => h.level <= heading.level);
    const end = next ? next.line : lines.length;
    for (const key of keysOf(heading.title)) add(key, heading.title, heading.line, end);
  });

  const firstTop = headings.find((h) => h.level === 1);
  const preambleEnd = firstTop ? firstTop.line : 0;
  const preamble = lines.slice(0, preambleEnd).filter((l) => l.text.length >= 40);
  if (!found.has("overview") && preamble.length > 0) {
    add("overview", "（导语）", lines.indexOf(preamble[0]!), preambleEnd);
  }

  lines.forEach((line, i) => {
    for (const [key, cue] of PARAGRAPH_CUES) {
      if (found.has(key) || !cue.test(line.parse)) continue;
      const next = headings.find((h) => h.line > i);
      add(key, line.text.slice(0, 20), i, next ? next.line : lines.length);
    }
  });

  // Many reports state 工作考核、社会评议和责任追究结果 in a sentence of 其他需要报告的事项 or elsewhere.
  lines.forEach((line, i) => {
    const match = found.has("assessment") ? null : ASSESSMENT_WORDS.exec(line.parse);
    if (!match) return;
    const next = headings.find((h) => h.line > i);
    add("assessment", sentenceAround(line.text, match.index), i, next ? next.line : lines.length);
  });

  return [...found.values()]
    .sort((a, b) => a.line - b.line)
    .map(({ key, title, text }) => ({ key, title, text }));
}
