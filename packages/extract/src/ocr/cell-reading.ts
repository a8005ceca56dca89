import type { FigureReading } from "./figure-reread.js";
import { OCR_HIGH_CONFIDENCE } from "./ocr-limits.js";
import { betterCellReading, betterLineReading, brokenDate } from "./reading-choice.js";
import { type TextRun, misreadFigure, runsOfLine } from "./text-runs.js";
import { type Region, readEnlarged, stackRegions } from "./page-strip.js";
import { type TableCell, cellAt } from "./table-cells.js";
import type { GreyImage, OcrWord } from "./tesseract.js";

/** A cell's rules are cut off this far inside it (pixels), so no remnant of a rule is read as 1 or 丨. */
const INSET = 6;
/** Pixels of a cell darker than this are ink (a faint grey 4 of a low-resolution scan included). */
const INK_LEVEL = 176;
/** Ink a cell needs to hold anything: a faint small 4 has some 80 pixels, JPEG specks a few. */
const MIN_INK = 40;
/** A heading outside the tables read less surely than this, on a page with tables, is read again alone... */
const LINE_UNSURE = 0.6;
/** ...at most this many a page; see linesToReadAgain and betterLineReading. */
const MAX_LINES_AGAIN = 8;
/** A heading has at most this many characters (a paragraph's line some 30)... */
const MAX_HEADING_CHARS = 20;
/** ...or, run into its neighbours, is any line ending at most this far (inches) above a table's top rule. */
const HEADING_GAP_IN = 0.6;
/** How much the strip of cells read on their own is enlarged (see readEnlarged). */
const CELL_ENLARGE = 1.5;
/** Likeness (formLabelLikeness) of a text that is one of the forms' labels, its numbering not contradicting. */
const EXACTLY_A_LABEL = 1;
/** White kept around a cell's ink when it is cut out to be read. */
const INK_PAD = 8;
/** White between cells stacked in one strip to be read alone, in pixels. */
const SPACING = 30;
const CJK = /[\u4e00-\u9fff]/;
/**
 * What the engine reads a line as (a rule it did not erase, a scan's dark page edge): a run of
 * nothing else is not text, and beside a table's last row it would join the row's cells into one.
 */
const RULE_MARKS = /^[|丨[\]【】一_—－-]+$/;
/** A page's margin where nothing is printed, as a share of its width: 2% is 4 mm of A4. */
const PAGE_EDGE = 0.02;
/**
 * A run outside the tables that is no text: what a rule reads as, a box a few pixels thin or far
 * narrower than it is high, or a run read unsurely at the page's very edge (a scan's dark page edge
 * read as 四 beside a table's last row, the top edge as a line of letters).
 */
const edgeNoise = (run: TextRun, page: GreyImage) => {
  if (RULE_MARKS.test(run.text) || Math.min(run.width, run.height) <= 3 || run.width < run.height * 0.15)
    return true;
  const edge = page.width * PAGE_EDGE;
  const atEdge =
    run.left < edge ||
    run.top < edge ||
    run.left + run.width > page.width - edge ||
    run.top + run.height > page.height - edge;
  return atEdge && run.confidence < OCR_HIGH_CONFIDENCE;
};
/** Inside a cell, only what a vertical stroke reads as: a dash there may be the cell's figure (— for none). */
const RULE_STROKES = /^[|丨[\]【】]+$/;
/**
 * A column whose cells mostly hold figures, and at least this many (table 二 has two rows a
 * part), is a figure column.
 */
const MIN_FIGURE_CELLS = 2;

/**
 * Ink of one line no wider than this many times its height may be a figure (a five-digit figure is
 * some three times as wide as high); wider, or of two lines, is text, whatever the page read there
 * (a label of thirteen characters read as a lone 6, one of two lines as ”|).
 */
const FIGURE_SHAPE = 5;
const figureShaped = ({ box, lines }: { box: Region; lines: number }) =>
  lines <= 1 && box.width <= box.height * FIGURE_SHAPE;

/** The cell's inside, its rules cut off. */
const inner = (c: TableCell) => ({
  left: c.left + INSET,
  top: c.top + INSET,
  width: Math.max(1, c.right - c.left - 2 * INSET),
  height: Math.max(1, c.bottom - c.top - 2 * INSET),
});

/** White rows between two lines of a cell's text: at least this many (a stroke's gap within a glyph is less). */
const LINE_GAP = 4;
/** A band of rows with less ink than this is a speck, not a line. */
const MIN_LINE_INK = 20;

/**
 * Dark pixels inside a cell (rules cut off), the box they fill (padded by INK_PAD, inside the
 * cell), and how many lines they make (bands of rows with ink, apart by LINE_GAP white rows).
 */
function inkIn(page: GreyImage, cell: TableCell): { ink: number; box: Region; lines: number } {
  const box = inner(cell);
  let ink = 0;
  let [left, top, right, bottom] = [Infinity, Infinity, -1, -1];
  let lines = 0;
  let lastInkRow = -Infinity;
  let bandInk = 0;
  const endBand = () => {
    if (bandInk >= MIN_LINE_INK) lines++;
    bandInk = 0;
  };
  for (let y = box.top; y < box.top + box.height; y++) {
    const row = y * page.width;
    let rowInk = 0;
    for (let x = box.left; x < box.left + box.width; x++) {
      if (page.pixels[row + x]! >= INK_LEVEL) continue;
      rowInk++;
      left = Math.min(left, x);
      right = Math.max(right, x);
    }
    if (rowInk === 0) continue;
    ink += rowInk;
    top = Math.min(top, y);
    bottom = Math.max(bottom, y);
    if (y - lastInkRow > LINE_GAP) endBand();
    bandInk += rowInk;
    lastInkRow = y;
  }
  endBand();
  if (ink === 0) return { ink, box, lines };
  const l = Math.max(box.left, left - INK_PAD);
  const t = Math.max(box.top, top - INK_PAD);
  const r = Math.min(box.left + box.width, right + 1 + INK_PAD);
  const b = Math.min(box.top + box.height, bottom + 1 + INK_PAD);
  return { ink, box: { left: l, top: t, width: r - l, height: b - t }, lines };
}

/**
 * Runs in reading order: in lines (a run whose middle lies within a line's height joins it; lines
 * top to bottom), each line left to right. By the boxes, not the engine's lines: reading a cell of
 * two lines, the engine may put a word of one on the other's line.
 */
function readingOrder(runs: readonly TextRun[]): TextRun[] {
  return linesOfRuns(runs).flatMap((line) => line.sort((a, b) => a.left - b.left));
}

/** Runs in lines, top to bottom: a run whose middle lies within a line's height joins it. */
function linesOfRuns(runs: readonly TextRun[]): TextRun[][] {
  const lines: { top: number; bottom: number; runs: TextRun[] }[] = [];
  for (const run of [...runs].sort((a, b) => a.top + a.height / 2 - (b.top + b.height / 2))) {
    const middle = run.top + run.height / 2;
    const line = lines.find((l) => middle >= l.top && middle <= l.bottom);
    if (line) {
      line.runs.push(run);
      line.top = Math.min(line.top, run.top);
      line.bottom = Math.max(line.bottom, run.top + run.height);
    } else lines.push({ top: run.top, bottom: run.top + run.height, runs: [run] });
  }
  return lines.sort((a, b) => a.top - b.top).map((line) => line.runs);
}

/** How many lines runs make (see readingOrder). */
function lineCount(runs: readonly TextRun[]): number {
  let lines = 0;
  let bottom = -Infinity;
  for (const run of [...runs].sort((a, b) => a.top - b.top)) {
    if (run.top + run.height / 2 > bottom) lines++;
    bottom = Math.max(bottom, run.top + run.height);
  }
  return lines;
}

/** Where a cell's text sits as one line: the middle of its rows, lowered to a baseline (a CJK line's). */
const baselineOf = (cell: TableCell, dpi: number) => Math.round((cell.top + cell.bottom) / 2 + dpi * 0.05);

/** A cell's text as one run, placed at the cell's baseline (so that a row's cells share one). */
function cellRun(cell: TableCell, text: string, confidence: number, left: number, dpi: number): TextRun {
  const box = inner(cell);
  return {
    text,
    confidence,
    left,
    top: box.top,
    width: Math.max(1, box.left + box.width - left),
    height: box.height,
    baseline: baselineOf(cell, dpi),
  };
}

/**
 * The lines outside the tables to read again alone: on any page, a date read with a number lost
 * (brokenDate); on a page with tables, the headings read unsurely (a section heading the engine ran
 * into its neighbours, and the table under it was not found), the least sure first; at most
 * MAX_LINES_AGAIN, broken dates first. A heading is a short line, or any line just above a table. A
 * paragraph's line away from the tables is not read again: it costs the engine as much as a heading
 * (read again, the prose of a page with a table took a second more) and holds no figure.
 */
export function linesToReadAgain(
  outside: readonly TextRun[],
  cells: readonly TableCell[],
  dpi: number,
): TextRun[][] {
  const minConfidence = (line: readonly TextRun[]) => Math.min(...line.map((r) => r.confidence));
  const short = (line: readonly TextRun[]) =>
    line.reduce((n, r) => n + [...r.text].length, 0) <= MAX_HEADING_CHARS;
  const aboveATable = (line: readonly TextRun[]) => {
    const bottom = Math.max(...line.map((r) => r.top + r.height));
    return cells.some((c) => c.top >= bottom - INK_PAD && c.top - bottom <= dpi * HEADING_GAP_IN);
  };
  const textOf = (line: readonly TextRun[]) => line.map((r) => r.text).join("");
  // A date with a number lost (the seal's ink over the 1 of 1月: 2024年月23日) first, however surely
  // read: the signature's date is the report's publish date.
  const broken = (line: readonly TextRun[]) => brokenDate(textOf(line));
  return linesOfRuns(outside)
    .filter(
      (line) =>
        broken(line) ||
        (cells.length > 0 && minConfidence(line) < LINE_UNSURE && (short(line) || aboveATable(line))),
    )
    .sort((a, b) => Number(broken(b)) - Number(broken(a)) || minConfidence(a) - minConfidence(b))
    .slice(0, MAX_LINES_AGAIN);
}

/** What the page's ruled tables hold, cell by cell; see readTableCells. */
export interface CellReading {
  /** The page's runs: those outside any cell as they were, then one per cell that holds anything. */
  runs: TextRun[];
  /** The runs that are figure cells, each with its first reading, to be read again by digits. */
  figures: Map<TextRun, FigureReading>;
}

/**
 * The runs of a page with ruled tables turned into one run per cell, as a PDF prints a table: the
 * engine, reading a whole page, runs a label wrapped over two lines into its neighbours' and reads
 * a lone 0 in a narrow cell as oo or not at all. So, inside each cell that holds ink:
 * - a cell of a figure column (most of its cells read as figures) becomes one figure, to be read
 *   again by digits over the whole cell (its first reading what the page gave there, maybe nothing);
 * - any other cell's text is the page's runs in it, in reading order, or, where those were not read
 *   surely (a word under OCR_HIGH_CONFIDENCE, or ink no run covers), the cell read again on its own
 *   (all such cells in one strip, one engine call): the reading more like one of the form's labels
 *   (`labelLikeness`), else the surer one.
 * Every cell's run sits at its cell's baseline, so a row's cells make one row for the table readers.
 * Runs outside every cell (the page's prose) are kept as they were, but for the headings read
 * unsurely (linesToReadAgain), read again in the same strip: the better reading (betterLineReading).
 */
export async function readTableCells(
  page: GreyImage,
  cells: readonly TableCell[],
  runs: readonly TextRun[],
  isFigure: (run: TextRun) => boolean,
  dpi: number,
  signal?: AbortSignal,
  labelLikeness: (text: string) => number = () => 0,
): Promise<CellReading> {
  const inkOf = new Map(cells.map((c) => [c, inkIn(page, c)]));
  const inked = cells.filter((c) => inkOf.get(c)!.ink >= MIN_INK);
  const mine = new Map<TableCell, TextRun[]>(inked.map((c) => [c, []]));
  const outside: TextRun[] = [];
  /** Cells where a stroke was read (as | or ]): a 1 the engine took for a rule's remnant, maybe. */
  const stroked = new Set<TableCell>();
  for (const run of runs) {
    const cell = cellAt(inked, run.left + run.width / 2, run.top + run.height / 2);
    // A rule's remnant inside a cell (a stroke of a rule not erased) would be a cell of its own.
    if (cell) {
      if (!RULE_STROKES.test(run.text)) mine.get(cell)!.push(run);
      else stroked.add(cell);
    } else if (!cellAt(cells, run.left + run.width / 2, run.top + run.height / 2) && !edgeNoise(run, page))
      outside.push(run);
  }
  // A figure column: cells between the same two rules (a page's tables each have their own rules),
  // most of those that were read reading as figures.
  const columnOf = (c: TableCell) => `${Math.round(c.left / 8)}:${Math.round(c.right / 8)}`;
  const stats = new Map<string, { figures: number; read: number }>();
  // A figure row likewise: cells between the same two horizontal rules (table 四 is one row of
  // figures, each column a cell alone).
  const rowOf = (c: TableCell) => `${Math.round(c.top / 8)}:${Math.round(c.bottom / 8)}`;
  const rowStats = new Map<string, { figures: number; read: number }>();
  for (const [cell, inCell] of mine) {
    if (inCell.length === 0) continue;
    for (const [key, map] of [
      [columnOf(cell), stats],
      [rowOf(cell), rowStats],
    ] as const) {
      const s = map.get(key) ?? map.set(key, { figures: 0, read: 0 }).get(key)!;
      s.read++;
      if (inCell.every(isFigure)) s.figures++;
    }
  }
  const mostlyFigures = (s: { figures: number; read: number } | undefined) =>
    !!s && s.figures >= MIN_FIGURE_CELLS && s.figures * 2 > s.read;
  const figureColumn = (c: TableCell) => mostlyFigures(stats.get(columnOf(c)));
  // Ink read as nothing, or read unsurely as a lone character or as digits with one letter or
  // character among them, among figures (a serif 1 read as 工 or not at all, a 4 beside a rule's
  // fringe as 人4): a figure misread, not a word.
  const lookAlike = (c: TableCell, inCell: readonly TextRun[]) =>
    (inCell.length === 0 ||
      (inCell.length === 1 &&
        inCell[0]!.confidence < OCR_HIGH_CONFIDENCE &&
        misreadFigure(inCell[0]!.text))) &&
    mostlyFigures(rowStats.get(rowOf(c)));
  // Text that is surely text (two or more CJK characters read surely, or three or more however
  // unsurely: a column's header such as 本年废止件数 read at 0.21) is not a figure, whatever its column.
  const surelyText = (inCell: readonly TextRun[]) =>
    inCell.some((r) => {
      const cjk = (r.text.match(/[\u4e00-\u9fff]/g) ?? []).length;
      return cjk >= 3 || (cjk >= 2 && r.confidence >= 0.6);
    });

  const linesAgain = linesToReadAgain(outside, cells, dpi);
  const readAgain = new Set(linesAgain.flat());
  const figures = new Map<TextRun, FigureReading>();
  const out: TextRun[] = outside.filter((r) => !readAgain.has(r));
  const again: TableCell[] = [];
  const firstText = new Map<TableCell, TextRun | null>();
  const unreadFigures: { cell: TableCell; run: TextRun }[] = [];
  for (const [cell, inCell] of mine) {
    const ordered = readingOrder(inCell);
    // A figure cell: in a figure column, or (a table of one row of figures, as 四 is) read as no text.
    // (A stroke read as | or ] counts as something read: in a figure cell, most often a 1.)
    const noText = (inCell.length > 0 || stroked.has(cell)) && !inCell.some((r) => CJK.test(r.text));
    if (
      (figureColumn(cell) || noText || lookAlike(cell, inCell)) &&
      figureShaped(inkOf.get(cell)!) &&
      !surelyText(inCell)
    ) {
      if (ordered.length > 1) {
        // Figures apart in one cell (runs join touching digits only): figures of two columns, the
        // rule between them not found (a faint line). Each stays a figure of its own, read again
        // where the page read it; never one number of both.
        for (const r of ordered) {
          const placed = { ...r, baseline: baselineOf(cell, dpi) };
          out.push(placed);
          if (isFigure(r)) figures.set(placed, { ...r });
        }
        continue;
      }
      const read = ordered.length === 1 && isFigure(ordered[0]!) ? ordered[0]! : null;
      // Read again where its ink is, not the whole cell: the digits are a small part of it.
      const box = inkOf.get(cell)!.box;
      const run = cellRun(cell, read?.text ?? "", read?.confidence ?? 0, box.left, dpi);
      run.width = box.width;
      figures.set(run, { ...box, text: run.text, confidence: run.confidence });
      out.push(run);
      // Not read by the page (or read as no figure): the cell alone gives its first reading.
      if (!read) unreadFigures.push({ cell, run });
      continue;
    }
    const lines = lineCount(inCell);
    if (lines === 1 && ordered.length > 1 && ordered.every((r) => r.confidence >= OCR_HIGH_CONFIDENCE)) {
      // Texts apart on one line (runs join text closer than a character's height), read surely:
      // the labels of two columns whose rule was not found. Each stays its own, or the columns
      // after them shift. (Read unsurely, the cell is read again whole, below.)
      for (const r of ordered) out.push({ ...r, baseline: baselineOf(cell, dpi) });
      continue;
    }
    const text = ordered.map((r) => r.text).join("");
    const confidence = ordered.length === 0 ? 0 : Math.min(...ordered.map((r) => r.confidence));
    const left = ordered.length === 0 ? inner(cell).left : Math.min(...ordered.map((r) => r.left));
    const run = ordered.length === 0 ? null : cellRun(cell, text, confidence, left, dpi);
    firstText.set(cell, run);
    // A cell the page read as one of the forms' labels exactly (its numbering agreeing) is not read
    // again: the reading alone could only give the same label, or lose the better one.
    const readAgainAlone =
      !run ||
      ((confidence < OCR_HIGH_CONFIDENCE || lines > 1) && labelLikeness(text) < EXACTLY_A_LABEL) ||
      uncovered(page, cell, inCell);
    if (readAgainAlone) again.push(cell);
    else out.push(run);
  }
  const alone = [...again, ...unreadFigures.map((f) => f.cell)];
  const regions = [...alone.map((c) => inkOf.get(c)!.box), ...linesAgain.map((l) => boxAround(page, l))];
  const second = regions.length === 0 ? [] : await readCellsAlone(page, regions, dpi, signal);
  linesAgain.forEach((line, k) => {
    const read = second[alone.length + k]!;
    const byLine = new Map<string, OcrWord[]>();
    for (const w of read.placed) byLine.set(w.line, [...(byLine.get(w.line) ?? []), w]);
    out.push(...betterLineReading(line, [...byLine.values()].flatMap(runsOfLine)));
  });
  unreadFigures.forEach(({ run }, k) => {
    const read = second[again.length + k]!;
    // One word only: two words apart are two figures (a rule not found), never one number.
    if (read.words !== 1 || !isFigure({ ...run, text: read.text })) return;
    run.text = read.text;
    run.confidence = read.confidence;
    Object.assign(figures.get(run)!, { text: read.text, confidence: read.confidence });
  });
  again.forEach((cell, k) => {
    const first = firstText.get(cell) ?? null;
    const read = second[k]!;
    const alone = read.text === "" ? null : cellRun(cell, read.text, read.confidence, read.left, dpi);
    const better = betterCellReading(first, alone, labelLikeness);
    if (better) out.push(better);
  });
  return { runs: out, figures };
}

/** Runs' box, padded by INK_PAD, on the page. */
function boxAround(page: GreyImage, runs: readonly TextRun[]): Region {
  const left = Math.max(0, Math.min(...runs.map((r) => r.left)) - INK_PAD);
  const top = Math.max(0, Math.min(...runs.map((r) => r.top)) - INK_PAD);
  const right = Math.min(page.width, Math.max(...runs.map((r) => r.left + r.width)) + INK_PAD);
  const bottom = Math.min(page.height, Math.max(...runs.map((r) => r.top + r.height)) + INK_PAD);
  return { left, top, width: right - left, height: bottom - top };
}

/** Whether much of a cell's ink lies outside the runs read in it (a line the engine dropped). */
function uncovered(page: GreyImage, cell: TableCell, inCell: readonly TextRun[]): boolean {
  const box = inner(cell);
  let ink = 0;
  let bare = 0;
  for (let y = box.top; y < box.top + box.height; y++) {
    for (let x = box.left; x < box.left + box.width; x++) {
      if (page.pixels[y * page.width + x]! >= 128) continue;
      ink++;
      const under = inCell.some(
        (r) => x >= r.left - 4 && x <= r.left + r.width + 4 && y >= r.top - 4 && y <= r.top + r.height + 4,
      );
      if (!under) bare++;
    }
  }
  return bare >= 200 && bare >= ink * 0.2;
}

/**
 * Cells read on their own: where their ink is (`regions`), stacked in one strip for the Chinese model (enlarged), each cell's
 * words joined in reading order; its confidence the least sure word's, its left where its text starts.
 */
async function readCellsAlone(
  page: GreyImage,
  regions: readonly Region[],
  dpi: number,
  signal?: AbortSignal,
): Promise<{ text: string; confidence: number; left: number; words: number; placed: OcrWord[] }[]> {
  const margin = SPACING;
  const { strip, bands } = stackRegions(page, regions, SPACING, margin);
  const words = await readEnlarged(strip, CELL_ENLARGE, dpi, "text", signal);
  // The words of each region, where they are on the page.
  const byRegion: OcrWord[][] = regions.map(() => []);
  for (const w of words) {
    const middle = w.top + w.height / 2;
    const k = bands.findIndex(([top, bottom]) => middle >= top && middle <= bottom);
    if (k >= 0)
      byRegion[k]!.push({
        ...w,
        left: w.left - margin + regions[k]!.left,
        top: w.top - bands[k]![0] + regions[k]!.top,
      });
  }
  return byRegion.map((placed) => {
    if (placed.length === 0) return { text: "", confidence: 0, left: 0, words: 0, placed };
    const runs: TextRun[] = placed.map((w) => ({ ...w, baseline: w.top + w.height }));
    const ordered = readingOrder(runs);
    return {
      text: ordered.map((w) => w.text).join(""),
      confidence: Math.min(...ordered.map((w) => w.confidence)),
      left: Math.min(...ordered.map((w) => w.left)),
      words: placed.length,
      placed,
    };
  });
}
