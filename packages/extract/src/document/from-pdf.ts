import { MAX_PDF_PAGES } from "../limits.js";
import type { OcrDocument } from "../ocr/ocr-document.js";
import { OCR_HIGH_CONFIDENCE } from "../ocr/ocr-limits.js";
import { scannedPages } from "../ocr/scanned-pages.js";
import type { Block, NormalizedDocument, OcrMark } from "../types.js";
import { GROUP_LABEL, NUMBERED_LABEL, labelOwners } from "./label-owners.js";
import { checkPdfStreams } from "./pdf-streams.js";
import { type PdfText, type PdfTextItem, readPdfText } from "./pdf-text.js";
import { type RawCell, buildGrid } from "./table-grid.js";
import { UNREAD_FIGURE } from "./unread-figure.js";

/** A text item of a page: from the PDF's text layer, or read by OCR from the page's image (marked). */
type Item = PdfTextItem & { ocr?: OcrMark };

interface Row {
  page: number;
  y: number;
  items: Item[];
}

const NUMBER = /^[-+]?\d[\d,]*(\.\d+)?$/;
const PAGE_NUMBER = /^[-—–]\s*\d+\s*[-—–]$|^第\s*\d+\s*页(\s*共\s*\d+\s*页)?$|^\d+\s*\/\s*\d+$/;

/** Text items grouped into visual rows (same baseline within 3 units), top to bottom, left to right. */
function toRows(page: number, items: Item[]): Row[] {
  const rows: Row[] = [];
  for (const item of [...items].sort((a, b) => b.y - a.y || a.x - b.x)) {
    // Items come top to bottom and rows start more than 3 apart: only the last row can be near.
    const row = rows.at(-1);
    if (row && Math.abs(row.y - item.y) <= 3) row.items.push(item);
    else rows.push({ page, y: item.y, items: [item] });
  }
  for (const r of rows) r.items.sort((a, b) => a.x - b.x);
  return rows.sort((a, b) => b.y - a.y);
}

const rowText = (r: Row) => r.items.map((i) => i.text).join("");

/** Digits, maybe with letters or signs OCR put for digits (O, l, |, S, $): what a figure looks like read. */
// Not a list number (7. or 7、 before a row's label): that is a label's start.
const FIGURE_LIKE = /^(?!\d{1,2}[.、．]$)(?=.*\d)[\dOoIl|SsB$,.，。]+$/;

/** A figure OCR saw but could not read: never a number, kept as a blank with its mark. */
const unreadFigure = (i: Item) =>
  i.ocr?.level === "unreadable" && (FIGURE_LIKE.test(i.text.trim()) || i.text === UNREAD_FIGURE);

/** A figure: a number, or what OCR saw as a number but could not read. */
const isFigure = (i: Item) => NUMBER.test(i.text.trim()) || unreadFigure(i);

/** An item as one cell of a line of cells: its text, or UNREAD_FIGURE for a figure OCR could not read. */
const cellText = (i: Item) => (unreadFigure(i) ? UNREAD_FIGURE : i.text.trim());

/**
 * Whether a row's label was read surely enough to trust which row its figures belong to: every word
 * of it at OCR_HIGH_CONFIDENCE, one numbered label, not two run together (（一）…（二）…), and where
 * labels are numbered (`numbered`: table 三), starting with its number.
 */
function labelReadSurely(items: readonly Item[], label: string, numbered = false): boolean {
  if (items.some((i) => i.ocr && i.ocr.confidence < OCR_HIGH_CONFIDENCE)) return false;
  // Table 三's labels all start with their number: one that does not may be a wrapped line of the
  // label of a row whose figures OCR lost, taken for this row's.
  if (numbered && !NUMBERED_LABEL.test(label)) return false;
  return (label.match(/[(（][一二三四五六七八九十]+[)）]|\d+[.、]/g) ?? []).length <= 1;
}

/** A mark no higher than `low`: the figure may be right, but its place is not sure. */
const belowHigh = (mark: OcrMark): OcrMark => (mark.level === "high" ? { ...mark, level: "low" } : mark);

/** A cell's text and mark from an item: a figure OCR could not read is left blank, with its mark. */
function cellOf(item: Item | undefined, ocrRow: boolean): { text: string; ocr?: OcrMark } {
  if (!item) return ocrRow ? { text: "", ocr: { confidence: 0, level: "unreadable" } } : { text: "" };
  // A label stays as read, however unsure (the table readers match labels loosely); a figure does not.
  const text = unreadFigure(item) ? "" : item.text.trim();
  return item.ocr ? { text, ocr: item.ocr } : { text };
}

/**
 * Table 三 from positioned items: every row of 7 (or 8) numbers gets the label fragments nearest to it
 * in the rightmost label column (labels wrapped over two lines join; the vertical 三、本年度办理结果 and
 * group labels such as （三）不予公开 sit in columns further left), printed as "label n n n n n n n".
 */
function applicationLines(rows: Row[]): { block: Block | null; used: Set<Row> } {
  const used = new Set<Row>();
  // Two characters of the anchor may be misread on a scan (本年新收 → 本年新攸): any two of its parts do.
  const start = rows.findIndex((r) => /本年新收|年新收政|新收政府/.test(rowText(r)));
  if (start < 0) return { block: null, used };
  // The table has some 30 rows; a zone of thousands is not table 三 and would cost quadratic time.
  let end = rows.findIndex((r, i) => i > start && /结转下年|转下年度/.test(rowText(r)));
  if (end < 0 || end > start + 120) end = Math.min(rows.length - 1, start + 80);
  const zone = rows.slice(start, end + 1);
  // Some 300 items in a real table; the matching below is quadratic in them.
  if (zone.reduce((n, r) => n + r.items.length, 0) > 5_000) return { block: null, used };
  const numbersOf = (r: Row) => r.items.filter((i) => isFigure(i) && i.x > 200);
  // Column x-ranges from the rows that print every cell: a row with blanks is placed by position.
  const full = zone.filter((r) => numbersOf(r).length >= 7);
  if (full.length === 0) return { block: null, used };
  const width = [7, 8].sort(
    (a, b) =>
      full.filter((r) => numbersOf(r).length === b).length -
      full.filter((r) => numbersOf(r).length === a).length,
  )[0]!;
  const model = full.filter((r) => numbersOf(r).length === width);
  const centers = Array.from(
    { length: width },
    (_, k) =>
      model.reduce((sum, r) => sum + numbersOf(r)[k]!.x + numbersOf(r)[k]!.width / 2, 0) / model.length,
  );
  const halfGap = (centers[width - 1]! - centers[0]!) / (width - 1) / 2;
  const firstNumberX = centers[0]! - halfGap;
  const numeric = zone.filter((r) => r.items.some((i) => isFigure(i) && i.x >= firstNumberX - 4));
  const fragments: { item: Item; row: Row }[] = [];
  for (const r of zone) {
    for (const item of r.items) {
      if (item.x < firstNumberX - 4 && !isFigure(item)) fragments.push({ item, row: r });
    }
  }
  // Label columns start where numbered labels start (一、 at the left, （一） next, 1. innermost);
  // a fragment belongs to the column starting at or left of it (wrapped text may start further right).
  const starts: number[] = [];
  for (const f of fragments) {
    if (!NUMBERED_LABEL.test(f.item.text)) continue;
    if (!starts.some((x) => Math.abs(x - f.item.x) <= 6)) starts.push(f.item.x);
  }
  starts.sort((a, b) => a - b);
  const columnAt = (x: number) => [...starts].reverse().find((s) => s <= x + 6) ?? starts[0] ?? x;
  // A fragment that continues the one before it on the same row (no gap) stays in that column:
  // a wide label (（二）部分公开…) runs on past where the next column starts.
  const column = new Map<Item, number>();
  for (const r of zone) {
    let previous: Item | undefined;
    for (const item of r.items) {
      if (!fragments.some((f) => f.item === item)) {
        previous = undefined;
        continue;
      }
      const joined = previous && item.x - (previous.x + previous.width) < 4;
      column.set(item, joined ? column.get(previous!)! : columnAt(item.x));
      previous = item;
    }
  }
  const { owner, startOf } = labelOwners(fragments, numeric);
  // A wrapped label's lines are in its first line's column (centred lines start at different places).
  const columnOf = (item: Item) => {
    const start = startOf.get(item) ?? item;
    return column.get(start) ?? columnAt(start.x);
  };
  const cells: RawCell[][] = [];
  const cell = (text: string, page: number, ocr?: OcrMark): RawCell =>
    ocr ? { text, rowspan: 1, colspan: 1, page, ocr } : { text, rowspan: 1, colspan: 1, page };
  for (const n of numeric) {
    const mine = [...owner.entries()].filter(([, o]) => o === n).map(([f]) => f);
    // The leaf label is the rightmost label column (a wrapped line may start a little further right);
    // the group label (（三）不予公开…) is the next column to its left.
    const join = (parts: typeof mine) =>
      parts
        .sort((a, b) => b.row.y - a.row.y || a.item.x - b.item.x)
        .map((f) => f.item.text)
        .join("")
        .replace(/\s+/g, "");
    const columns = [...new Set(mine.map((f) => columnOf(f.item)))].sort((a, b) => b - a);
    // A group's label in the leaf's column beside the leaf's text (on a scan, the rule between the
    // two columns not found: one cell read across both) is the group's all the same.
    const inLeaf = mine.filter((f) => columnOf(f.item) === columns[0]);
    const groupInLeaf = inLeaf.filter((f) => GROUP_LABEL.test(f.item.text));
    const split = groupInLeaf.length > 0 && groupInLeaf.length < inLeaf.length;
    const leafParts = split ? inLeaf.filter((f) => !groupInLeaf.includes(f)) : inLeaf;
    const leaf = join(leafParts);
    const group = join(split ? groupInLeaf : mine.filter((f) => columnOf(f.item) === columns[1]));
    if (group && /[(（][三四五六][)）]/.test(group))
      cells.push([cell(group, n.page), ...centers.map(() => cell("", n.page))]);
    // Each number goes to the column whose centre is nearest; a column with no number is blank
    // (on a scanned page: unread, as nothing tells a blank cell from one the engine missed).
    const values: (Item | undefined)[] = centers.map(() => undefined);
    const ocrRow = n.items.some((i) => i.ocr);
    for (const item of n.items.filter(
      (i) => (isFigure(i) || /^[/／—–-]+$/.test(i.text.trim())) && i.x >= firstNumberX - 4,
    )) {
      const mid = item.x + item.width / 2;
      const k = centers.reduce(
        (best, c, idx) => (Math.abs(c - mid) < Math.abs(centers[best]! - mid) ? idx : best),
        0,
      );
      values[k] = item;
    }
    // A row whose label OCR did not read surely may be the wrong row: none of its figures is `high`.
    const leafItems = leafParts.map((f) => f.item);
    const labelUnsure = ocrRow && !labelReadSurely(leafItems, leaf, true);
    const valueCells = values.map((v) => {
      const { text, ocr } = cellOf(v, ocrRow);
      return cell(text, n.page, labelUnsure && ocr ? belowHigh(ocr) : ocr);
    });
    cells.push([cell(leaf, n.page), ...valueCells]);
  }
  for (const r of zone) used.add(r);
  return { block: { kind: "table", table: buildGrid(cells) }, used };
}

/** Items of a row closer than this (points) are one cell's text: 本年增|/|减 in three fonts. */
const TOUCHING = 1;

/**
 * A row's items with touching labels joined into one (a header cell printed in several fonts, as
 * 本年增/减 is, is one cell, not three); figures and OCR's words are kept as they are.
 */
function touchingLabelsJoined(items: readonly Item[]): Item[] {
  const joinable = (i: Item) => !i.ocr && !isFigure(i);
  const out: Item[] = [];
  for (const item of items) {
    const last = out.at(-1);
    if (last && joinable(last) && joinable(item) && item.x - (last.x + last.width) < TOUCHING) {
      out[out.length - 1] = { ...last, text: last.text + item.text, width: item.x + item.width - last.x };
    } else out.push(item);
  }
  return out;
}

/**
 * Table 二's first header, 第二十条第（一）项, as OCR reads it now and then: 二 as 三, 十 as 二, 第
 * lost, brackets read as letters or signs (第三十条:第一)项, 第三二条区《一)项, 第三十条第-(一7项,
 * 第三十条-第-(一)项). On a scanned page it starts the table as the header read right does.
 */
const MISREAD_FIRST_ITEM = /[二三][十二]条.{0,4}一.{0,2}项/;

/** Table 二's first header row (信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数), by its columns. */
const FIRST_HEADER = /信息内容.*(制发|废止|有效)件数/;
/** A caption of table 二 however misread: 条 and 项 a few characters apart (第三十条:第:大项). */
const MISREAD_CAPTION = /条.{0,6}项/;

/** Table 二 as a grid: one row per visual row, one cell per text item, from 第二十条 to the next section. */
function proactiveGrid(rows: Row[]): { block: Block | null; used: Set<Row> } {
  const used = new Set<Row>();
  const read = (r: Row) => r.items.some((i) => i.ocr);
  const caption = rows.findIndex(
    (r) => /第二十条/.test(rowText(r)) || (read(r) && MISREAD_FIRST_ITEM.test(rowText(r))),
  );
  // A scan whose first caption is misread past knowing (第三十条:第:大项) starts the table at that
  // caption all the same, found as the row above the first block's header, read right: otherwise
  // the table would start at a later block's caption, read right, and the blocks above it be lost.
  let header = rows.findIndex((r) => read(r) && FIRST_HEADER.test(rowText(r)));
  if (header > 0 && MISREAD_CAPTION.test(rowText(rows[header - 1]!))) header--;
  const found = [caption, header].filter((i) => i >= 0);
  if (found.length === 0) return { block: null, used };
  const start = Math.min(...found);
  const end = rows.findIndex((r, i) => i > start && /^[三四五六]、/.test(rowText(r).trim()));
  const zone = rows
    .slice(start, end < 0 ? start + 40 : end)
    .filter((r) => !PAGE_NUMBER.test(rowText(r).trim()));
  const cells = zone.map((r) => {
    // "第二十条 第（一）项" prints as two items: one cell.
    if (/第二十条/.test(rowText(r))) return [{ text: rowText(r), rowspan: 1, colspan: 1 }];
    const labels = r.items.filter((i) => !isFigure(i));
    const labelUnsure = r.items.some((i) => i.ocr) && !labelReadSurely(labels, rowText(r));
    return touchingLabelsJoined(r.items).map((i) => {
      const { text, ocr } = cellOf(i, false);
      const mark = labelUnsure && ocr && isFigure(i) ? belowHigh(ocr) : ocr;
      return mark ? { text, ocr: mark, rowspan: 1, colspan: 1 } : { text, rowspan: 1, colspan: 1 };
    });
  });
  for (const r of zone) used.add(r);
  return { block: { kind: "table", table: buildGrid(cells, zone[0]?.page) }, used };
}

/** A PDF's text layers and which of its pages are scans (no usable text layer; see scanned-pages.ts). */
export interface PdfLayers {
  pdf: PdfText;
  scanned: number[];
}

/**
 * Reads a PDF's text layer, page by page, and finds its scanned pages. Throws DocumentTooLargeError
 * past MAX_PDF_DECODED_BYTES, MAX_TEXT_CHARS or MAX_PDF_MEMORY_MB, and `signal.reason` as soon as it
 * aborts (MuPDF runs in a child process: see pdf-text.ts).
 */
export async function readPdfLayers(bytes: Uint8Array, signal?: AbortSignal): Promise<PdfLayers> {
  // The streams are checked while MuPDF reads (a bomb stops it), not before: the check's time and
  // MuPDF's overlap.
  const pdf = await readPdfText(bytes, signal, () => checkPdfStreams(bytes));
  return { pdf, scanned: await scannedPages(bytes, pdf, signal) };
}

/** Some fonts map CJK characters to Kangxi radicals (⼀ for 一, ⾏ for 行): fold them back. */
const foldRadicals = (item: Item): Item => ({
  ...item,
  text: item.text.replace(/[\u2e80-\u2fdf\uf900-\ufaff]/g, (c) => c.normalize("NFKC")),
});

/**
 * A PDF → normalized document: each page's items from its text layer, or for a scanned page from
 * OCR (`ocr`, when it read the page), then rows rebuilt from coordinates (pagesToDocument). A
 * scanned page OCR did not read leaves the PDF `scanned` with a warning that its figures were not read.
 */
export function pdfDocument(
  layers: PdfLayers,
  ocr: OcrDocument | null,
): NormalizedDocument & { scanned: boolean } {
  const { pdf, scanned } = layers;
  const warnings: string[] = [];
  if (pdf.numPages > MAX_PDF_PAGES)
    warnings.push(`only the first ${MAX_PDF_PAGES} of ${pdf.numPages} pages were read`);
  const pages = pdf.pages.map((items, i) => ocr?.items.get(i + 1) ?? items.map(foldRadicals));
  const unread = scanned.filter((p) => !ocr?.items.has(p));
  if (ocr) warnings.push(...ocr.warnings);
  if (unread.length > 0) warnings.push("scanned, no text layer: no figures were read from its scanned pages");
  return {
    ...pagesToDocument(pages, "pdf", pdf.title?.trim() || null, warnings),
    scanned: scanned.length > 0,
  };
}

/** Page images (an image attachment, a scan's pages) read by OCR → normalized document. */
export function imageDocument(ocr: OcrDocument, pageCount: number): NormalizedDocument {
  const pages = Array.from({ length: pageCount }, (_, i) => ocr.items.get(i + 1) ?? []);
  const warnings = [...ocr.warnings];
  if (ocr.items.size === 0) warnings.push("scanned image: no text was read from it");
  return pagesToDocument(pages, "image", null, warnings);
}

/**
 * Pages of positioned items → normalized document: rows rebuilt from item coordinates, page numbers
 * dropped, paragraphs rejoined (a line that is not indented continues the previous one), table 三
 * and 二 rebuilt from positions.
 */
function pagesToDocument(
  pages: readonly Item[][],
  sourceKind: "pdf" | "image",
  title: string | null,
  warnings: string[],
): NormalizedDocument {
  const rows: Row[] = [];
  pages.forEach((items, i) => {
    for (const row of toRows(i + 1, items)) rows.push(row);
  });

  const applications = applicationLines(rows);
  const proactive = proactiveGrid(rows);
  const blocks: Block[] = [];
  // Not Math.min(...rows): spreading a million rows overflows the stack.
  const leftMargin = rows.reduce((min, r) => Math.min(min, r.items[0]?.x ?? Infinity), Infinity);
  let paragraph: { text: string; page: number; marks?: (OcrMark | null)[] } | null = null;
  const flush = () => {
    if (paragraph?.marks)
      blocks.push({ kind: "text", text: paragraph.text, page: paragraph.page, marks: paragraph.marks });
    else if (paragraph) blocks.push({ kind: "text", text: paragraph.text, page: paragraph.page });
    paragraph = null;
  };
  let tableEmitted = false;
  let proactiveEmitted = false;
  for (const row of rows) {
    const text = row.items
      .map((i) => i.text)
      .join("")
      .trim();
    if (PAGE_NUMBER.test(text)) continue;
    if (applications.used.has(row)) {
      if (!tableEmitted) {
        flush();
        if (applications.block) blocks.push(applications.block);
        tableEmitted = true;
      }
      continue;
    }
    if (proactive.used.has(row)) {
      if (!proactiveEmitted && proactive.block) {
        flush();
        blocks.push(proactive.block);
        proactiveEmitted = true;
      }
      continue;
    }
    // Rows of separate cells (table headers, numbers) stay lines of their own, cells apart.
    const cellular =
      row.items.length > 2 &&
      row.items.every((i, k) => k === 0 || i.x - (row.items[k - 1]!.x + row.items[k - 1]!.width) > 6);
    const lineText = cellular ? row.items.map(cellText).join(" ") : text;
    const indented = row.items[0]!.x > leftMargin + 12;
    if (paragraph && !indented && !cellular && !/^[一二三四五六七八九十]+、/.test(lineText)) {
      paragraph.text += lineText;
    } else {
      flush();
      paragraph = { text: lineText, page: row.page };
      // A line of cells read by OCR keeps each cell's mark, for the readers of such lines (table 四).
      if (cellular && row.items.some((i) => i.ocr)) paragraph.marks = row.items.map((i) => i.ocr ?? null);
      if (cellular) flush();
    }
  }
  flush();
  return { sourceKind, encoding: sourceKind, title, site: {}, blocks, warnings };
}
