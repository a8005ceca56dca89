import { formLabel } from "@touming/vocabulary";
import { alike, prepare } from "./label-likeness.js";
import { type Numbering, labelCore, splitNumbering, wordsOf } from "./table-labels.js";

// Table 四's heading (四、政府信息公开行政复议、行政诉讼情况), told on every line of a report until it
// is found: most lines are ruled out without being folded to their label form.

/**
 * A label's numbering and the first `n` characters of its core, from as little of a long line as
 * gives them: the same as `splitNumbering` and `labelCore(label).slice(0, n)` (the label form maps
 * character to character, so a start's form is the form's start; a core longer than `n` shows the
 * numbering was read whole), without folding a line of thousands of characters to look at its start.
 */
function startOf(label: string, n: number): { numbering: Numbering | null; core: string } {
  for (let take = 4 * n + 16; ; take *= 4) {
    const whole = take >= label.length;
    const { numbering, rest } = splitNumbering(whole ? label : label.slice(0, take));
    const core = wordsOf(rest);
    if (whole || core.length > n) return { numbering, core: core.slice(0, n) };
  }
}

const REVIEW_TITLE = prepare(labelCore(formLabel("review.total", "2021")!.tableTitle));
const REVIEW_TITLE_UNITS = new Set([...REVIEW_TITLE.core].map((ch) => ch.charCodeAt(0)));
/** Of the title's characters, how many a start must hold at least (see `mayHoldReviewTitle`). */
const TITLE_UNITS_NEEDED = Math.ceil(REVIEW_TITLE.core.length / 2);

/** Word characters a numbering takes at most (`（十二）`, `十二、`, `12.`, `①`): the core starts after them. */
const NUMBERING_WORDS = 3;
/** How far into a line's words the title's characters may lie: its length after the numbering. */
const START_WORDS = REVIEW_TITLE.core.length + NUMBERING_WORDS;

/** Whether a code unit is surely a word character (`\p{L}` or `\p{N}`): Han, ASCII or full-width letters and digits. */
function surelyWordUnit(code: number): boolean {
  return (
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0xff10 && code <= 0xff19) ||
    (code >= 0xff21 && code <= 0xff3a) ||
    (code >= 0xff41 && code <= 0xff5a)
  );
}

/**
 * A test that rules out most lines before their start is folded: a start alike enough to the title
 * (0.75, see `alike`) holds at least half the title's length of the title's characters. Contained in
 * the title, it is at least half as long (0.5 + 0.5 × share); else its character pairs in common
 * number at least 0.8125 of the pairs on average (0.6 + (dice − 0.7) × 4/3), and k of the title's
 * characters make at most k − 1 pairs: that takes more than half of them too (12 of the title's 16).
 * The start is the first words of the line after its numbering, which the label form leaves as they
 * are; a character not surely a word is not counted, so that the test only ever looks further.
 */
function mayHoldReviewTitle(text: string): boolean {
  let words = 0;
  let found = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!surelyWordUnit(code)) continue;
    if (++words > START_WORDS) return false;
    if (REVIEW_TITLE_UNITS.has(code) && ++found >= TITLE_UNITS_NEEDED) return true;
  }
  return false;
}

/**
 * Whether a line is table 四's heading, 四、政府信息公开行政复议、行政诉讼情况, also as a scan's reading
 * gives it: its numbering lost, a character misread, the header under it run on into it
 * (`、政府信息公开行政复议、行政诉讼4博况行政复议行政诉讼`).
 */
export function isReviewHeading(text: string): boolean {
  if (!mayHoldReviewTitle(text)) return false;
  // Its start: the table's first header row may have run on into the line (…行政诉讼情况行政复议行政诉讼).
  const { numbering, core } = startOf(text, REVIEW_TITLE.core.length);
  if (numbering && !(numbering.level === "top" && numbering.n === "四")) return false;
  return alike(prepare(core), REVIEW_TITLE) >= 0.75;
}
