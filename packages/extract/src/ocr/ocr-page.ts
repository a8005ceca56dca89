import type { PdfTextItem } from "../document/pdf-text.js";
import { formLabelLikeness } from "../document/table-labels.js";
import { UNREAD_FIGURE } from "../document/unread-figure.js";
import type { OcrMark, OcrPage } from "../types.js";
import {
  OCR_DPI,
  OCR_HIGH_CONFIDENCE,
  OCR_IMAGE_SHRINK,
  OCR_READABLE_CONFIDENCE,
  PAGE_PASS_DPI,
} from "./ocr-limits.js";
import {
  findSkew,
  inkOf,
  paperLevels,
  readingScale,
  shrink,
  shrinkBy,
  straighten,
  withLevels,
} from "./page-cleanup.js";
import { otsuLevel, removeRulings, spreadAtRules } from "./page-rulings.js";
import { type PagePixels, imageLibrary } from "./page-pixels.js";
import { type FigureReading, rereadFigures } from "./figure-reread.js";
import { readTableCells } from "./cell-reading.js";
import { readInkArea } from "./page-strip.js";
import { tableCells } from "./table-cells.js";
import { readMissedLines } from "./missed-lines.js";
import { MANGLED_NUMBER, NUMBER, type TextRun, normalise, runsOfLine } from "./text-runs.js";
import type { OcrWord } from "./tesseract.js";

/** White put in at each vertical rule of a table before reading (pixels at OCR_DPI: 3.4 mm). */
const RULE_GAP = 40;

/** A text item read by OCR: placed like a PDF's (points, y up from the page's bottom), with its mark. */
export type OcrItem = PdfTextItem & { ocr: OcrMark };

/** A word on the kept page image, for finding where a prose figure was read. */
export interface KeptWord {
  page: number;
  text: string;
  mark: OcrMark;
}

export interface ScannedPageReading {
  items: OcrItem[];
  words: KeptWord[];
  page: OcrPage;
}

/** `high`, `low` or `unreadable`, from a confidence (see OcrMark). */
export function levelOf(confidence: number): OcrMark["level"] {
  if (confidence >= OCR_HIGH_CONFIDENCE) return "high";
  return confidence >= OCR_READABLE_CONFIDENCE ? "low" : "unreadable";
}

/**
 * Characters the Chinese model reads a lone digit as, in a table cell: 六 for 4, 口 日 〇 for 0, 丨 for
 * 1, 了 for 7. Standing alone as a run, they are read again as digits.
 */
const DIGIT_LOOK_ALIKES = new Set([
  "六",
  "口",
  "日",
  "〇",
  "丨",
  "了",
  "O",
  "o",
  "l",
  "I",
  "|",
  "S",
  "s",
  "B",
]);

/** A figure as the engine printed it: digits, maybe mangled, or a lone look-alike of a digit. */
const isFigureRun = (run: TextRun) =>
  NUMBER.test(run.text) || MANGLED_NUMBER.test(run.text) || DIGIT_LOOK_ALIKES.has(run.text);

/** A run as a positioned item (points, y up) with its mark (box on the kept image). */
export function itemOfRun(run: TextRun, toPoints: number, pageHeightPt: number, keptScale: number): OcrItem {
  let level = levelOf(run.confidence);
  // A figure with a letter in it was not read: never guess which digit the letter stands for.
  if (MANGLED_NUMBER.test(run.text) && !NUMBER.test(run.text)) level = "unreadable";
  const box: [number, number, number, number] = [
    Math.round(run.left * keptScale),
    Math.round(run.top * keptScale),
    Math.max(1, Math.round(run.width * keptScale)),
    Math.max(1, Math.round(run.height * keptScale)),
  ];
  return {
    text: run.text,
    x: run.left * toPoints,
    y: pageHeightPt - run.baseline * toPoints,
    width: run.width * toPoints,
    ocr: { confidence: Math.round(run.confidence * 100) / 100, level, box },
  };
}

/**
 * Reads one page image by OCR: its ink (red seal ink dropped), paper whitened, skew found and turned
 * back, scaled to OCR_DPI, table rulings removed, then the engine's words (the whole page read at
 * PAGE_PASS_DPI, its unsure table cells and its figures again at OCR_DPI). Returns the words as
 * positioned items (points, as a PDF's text layer, so the PDF reader's row and table rebuilding
 * reads them), and the page's record with its cleaned image as JPEG at OCR_IMAGE_DPI.
 */
export async function readScannedPage(
  pixels: PagePixels,
  pageNumber: number,
  signal?: AbortSignal,
): Promise<ScannedPageReading> {
  // At the page's own resolution: its ink, the paper whitened and the skew found; then turned back
  // and enlarged to OCR_DPI in one pass. A page finer than that is shrunk first (averaged: a
  // bilinear pass would sample it and break thin strokes).
  const ink = inkOf(pixels);
  const scale = readingScale(ink, pixels.dpi, OCR_DPI);
  const page = scale < 1 ? await shrink(ink, scale) : ink;
  const levels = paperLevels(page);
  const skew = findSkew(withLevels(page, levels));
  const straight = straighten(page, skew, Math.max(1, scale), levels);
  signal?.throwIfAborted();
  // The engine reads the grey page (its recogniser works on grey: faint thin strokes of a grainy
  // low-resolution scan survive), with the ruling lines a black-and-white copy finds erased.
  // (Dark in the black-and-white copy: at or below Otsu's level; the copy itself is not made.)
  const clean = removeRulings(straight, straight, otsuLevel(straight) + 1);
  // Read with the table's columns pulled apart at their rules; positions are taken back after.
  const spread = spreadAtRules(clean, clean.verticalRules, RULE_GAP);
  const first = await readInkArea(spread.image, OCR_DPI, signal, PAGE_PASS_DPI);
  const words = [...first, ...(await readMissedLines(spread.image, first, OCR_DPI, signal))];
  const keptScale = 1 / OCR_IMAGE_SHRINK;
  const toPoints = 72 / OCR_DPI;
  const pageHeightPt = straight.height * toPoints;
  const lines = new Map<string, OcrWord[]>();
  for (const word of words) (lines.get(word.line) ?? lines.set(word.line, []).get(word.line)!).push(word);
  // The runs placed back on the page (the spread's columns closed again).
  const placed = [...lines.values()].flatMap(runsOfLine).map((run) => {
    const middle = run.top + run.height / 2;
    const left = spread.toOriginal(run.left, middle);
    const right = spread.toOriginal(run.left + run.width, middle);
    return { ...run, left, width: Math.max(1, right - left) };
  });
  // Ruled tables are read cell by cell (see readTableCells); their figure cells are read again whole.
  const cells = tableCells(clean.horizontalRules, clean.verticalRules);
  const table = await readTableCells(clean, cells, placed, isFigureRun, OCR_DPI, signal, formLabelLikeness);
  const runs = table.runs.map((run) => ({ ...run, text: normalise(run.text) }));
  // Every figure gets a second reading: what both readings agree on is what a check may trust.
  const figures = runs.flatMap((run, i) => {
    const cell = table.figures.get(table.runs[i]!);
    if (cell) return [{ run, reading: cell }];
    return isFigureRun(run) ? [{ run, reading: run as FigureReading }] : [];
  });
  const reread = await rereadFigures(
    clean,
    figures.map((f) => f.reading),
    OCR_DPI,
    signal,
  );
  const second = new Map(figures.map((f, i) => [f.run, reread[i]!]));
  const items = runs.flatMap((run) => {
    const figure = second.get(run);
    const read = figure ? { ...run, text: figure.text, confidence: figure.confidence } : run;
    // A figure cell with ink that neither reading could read keeps its place, unread (the figures
    // after it keep their columns): never a number.
    if (read.text === "" && figure)
      return [itemOfRun({ ...read, text: UNREAD_FIGURE, confidence: 0 }, toPoints, pageHeightPt, keptScale)];
    return read.text === "" ? [] : [itemOfRun(read, toPoints, pageHeightPt, keptScale)];
  });
  const small = shrinkBy(straight, OCR_IMAGE_SHRINK);
  const kept = await imageLibrary()(small.pixels, {
    raw: { width: small.width, height: small.height, channels: 1 },
  })
    .jpeg({ quality: 70 })
    .toBuffer({ resolveWithObject: true });
  const mean = words.length === 0 ? 0 : words.reduce((sum, w) => sum + w.confidence, 0) / words.length;
  return {
    items,
    words: items.map((i) => ({ page: pageNumber, text: i.text, mark: i.ocr })),
    page: {
      page: pageNumber,
      dpi: OCR_DPI,
      width: kept.info.width,
      height: kept.info.height,
      skewDegrees: skew,
      meanConfidence: Math.round(mean * 100) / 100,
      words: words.length,
      image: new Uint8Array(kept.data.buffer, kept.data.byteOffset, kept.data.length),
    },
  };
}
