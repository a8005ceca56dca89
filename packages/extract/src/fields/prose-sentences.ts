import { toSimplified } from "../decode/simplify.js";
import type { ReportLine } from "./report-lines.js";

/** One sentence of report prose, with the form the figure rules match against. */
export interface ProseSentence {
  /** The sentence as printed: excerpts are cut from it. */
  text: string;
  /**
   * Parse form (full-width folded), traditional characters folded to simplified, character for
   * character: an index here is the same index in `text`.
   */
  match: string;
  page?: number;
}

// Sentence ends. Commas stay inside: a figure and the words saying what it counts often sit in
// neighbouring clauses ("累计主动公开政务信息,418条").
// Tested by code unit: `match[i]` of a Han character allocates a string, at every character.
const SENTENCE_END = new Set([..."。；;！？!?"].map((ch) => ch.charCodeAt(0)));

// Variants the converter leaves alone but the rules must read as their common form: 谘询 is a
// simplified spelling of 咨询, 覆议 a frequent misprint of 复议.
const VARIANTS: [RegExp, string][] = [
  [/谘/g, "咨"],
  [/覆议/g, "复议"],
];

/**
 * A few traditional characters in a simplified report (谘詢, 訴訟, 申請) must still be read: the
 * document-wide conversion only runs when the whole text is judged traditional. The conversion is
 * kept only when it preserves the length, so indexes into `text` stay valid.
 */
export function foldScript(parse: string): string {
  const converted = toSimplified(parse);
  let folded = converted.length === parse.length ? converted : parse;
  for (const [re, to] of VARIANTS) folded = folded.replace(re, to);
  return folded;
}

/**
 * Report lines cut into sentences at 。；！？. Line breaks cannot be trusted: some text dumps hold
 * the whole report, headings and tables included, on one line.
 */
export function toProseSentences(lines: readonly ReportLine[]): ProseSentence[] {
  const sentences: ProseSentence[] = [];
  for (const line of lines) {
    const match = foldScript(line.parse);
    let from = 0;
    for (let i = 0; i <= line.text.length; i++) {
      if (i < line.text.length && !SENTENCE_END.has(match.charCodeAt(i))) continue;
      const end = Math.min(i + 1, line.text.length);
      if (line.text.slice(from, end).trim() !== "") {
        const sentence: ProseSentence = { text: line.text.slice(from, end), match: match.slice(from, end) };
        if (line.page !== undefined) sentence.page = line.page;
        sentences.push(sentence);
      }
      from = end;
    }
  }
  return sentences;
}
