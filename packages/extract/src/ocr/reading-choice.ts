// Which of two OCR readings of one table cell or one line to keep (see cell-reading.ts).

import { findDates } from "../fields/dates.js";

/** A year, 月 and 日 in order: a date as written, maybe with a number lost. */
const DATE_SHAPE = /\d{4}\s*年.{0,4}月.{0,4}日/;

/** Whether a text holds a whole date, as the metadata reader finds one (findDates). */
const wholeDate = (text: string) => findDates(text).length > 0;

/**
 * A date read with one of its numbers lost (2024年月23日: the seal's ink over the 1 of 1月 dropped with
 * the seal): a line worth reading again alone.
 */
export function brokenDate(text: string): boolean {
  return DATE_SHAPE.test(text) && !wholeDate(text);
}

/** A line read alone is taken when surer than the page's reading by this much (and not less than half as long). */
const CLEARLY_SURER = 0.1;
/** A reading this like one of the form's labels (see formLabelLikeness) is a label's reading... */
const LIKE_A_LABEL = 0.6;
/** ...and better than another reading of its cell less like one by this much. */
const CLEARLY_LIKER = 0.1;

/**
 * Of a text cell's two readings (the page's, the cell's alone), the better: the one more like one of
 * the form's labels, where one is like a label and clearly more so (`3.危及“三安全一稳定”` against the
 * page's `3.忆及司梓“三安全一机定二)*入,全由`); else the cell alone, unless it is shorter (a line of
 * the cell dropped) or less sure without being far longer (the page read a label of thirteen
 * characters as a lone 6).
 */
export function betterCellReading<R extends { text: string; confidence: number }>(
  first: R | null,
  alone: R | null,
  labelLikeness: (text: string) => number,
): R | null {
  if (!first || !alone) return alone ?? first;
  const [a, b] = [labelLikeness(first.text), labelLikeness(alone.text)];
  if (Math.max(a, b) >= LIKE_A_LABEL && Math.abs(a - b) >= CLEARLY_LIKER) return a > b ? first : alone;
  const longEnough = alone.text.length >= first.text.length * 0.8;
  const surer = alone.confidence >= first.confidence || alone.text.length >= first.text.length * 2;
  return longEnough && surer ? alone : first;
}

/**
 * Of a line's two readings (the page's runs, the line's read alone), the one alone when clearly surer
 * (by CLEARLY_SURER, its least sure run against the page's) and not less than half as long: a
 * heading the engine ran into its neighbours (`同、政府言息公，\企情如信息公开行政复议…` at 0.2)
 * against `四、政府信息公开行政复议、行政诉讼情况`.
 */
export function betterLineReading<R extends { text: string; confidence: number }>(
  page: readonly R[],
  alone: readonly R[],
): readonly R[] {
  if (alone.length === 0) return page;
  const text = (runs: readonly R[]) => runs.map((r) => r.text).join("");
  // A whole date read alone where the page lost one of its numbers: the whole one, however sure.
  if (brokenDate(text(page)) && wholeDate(text(alone))) return alone;
  const least = (runs: readonly R[]) => Math.min(...runs.map((r) => r.confidence));
  const length = (runs: readonly R[]) => runs.reduce((n, r) => n + r.text.length, 0);
  const surer = least(alone) >= least(page) + CLEARLY_SURER;
  return surer && length(alone) >= length(page) * 0.5 ? alone : page;
}
