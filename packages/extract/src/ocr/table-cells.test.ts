import { describe, expect, it, vi } from "vitest";
import { formLabelLikeness } from "../document/table-labels.js";
import { linesToReadAgain, readTableCells } from "./cell-reading.js";
import type * as PageStrip from "./page-strip.js";
import { readEnlarged } from "./page-strip.js";
import { betterCellReading, betterLineReading, brokenDate } from "./reading-choice.js";
import { type TextRun, misreadFigure } from "./text-runs.js";
import { removeRulings } from "./page-rulings.js";
import { tableCells } from "./table-cells.js";
import { blankPage as blank, paint } from "../testing/grey-pages.js";
import type { GreyImage } from "./tesseract.js";

// The engine's reading of cells alone, watched (it still reads): which cells are read again.
vi.mock("./page-strip.js", async (original) => {
  const real = await original<typeof PageStrip>();
  return { ...real, readEnlarged: vi.fn(real.readEnlarged) };
});

/**
 * A ruled table of 3 columns (x 100, 400, 500, 600) and 4 rows (y 100, 200, 300, 400, 500): its
 * first row one cell over all three columns, the first column's last two rows one merged cell.
 */
function ruledTable(): GreyImage {
  const page = blank(700, 600);
  for (const y of [100, 200, 300, 500]) paint(page, 100, y, 501, 3);
  paint(page, 400, 400, 201, 3); // the merged cell's inner rule stops at its right
  paint(page, 100, 100, 3, 401);
  paint(page, 600, 100, 3, 401);
  for (const x of [400, 500]) paint(page, x, 200, 3, 301); // not through the first row
  return page;
}

describe("table cells from a page's rules", () => {
  it("finds every cell, a cell over several columns or rows as one", () => {
    const clean = removeRulings(ruledTable());
    const cells = tableCells(clean.horizontalRules, clean.verticalRules).map((c) => [
      c.left,
      c.top,
      c.right,
      c.bottom,
      c.columns,
      c.rows,
    ]);
    expect(cells).toEqual([
      [101, 101, 601, 201, 3, 1],
      [101, 201, 401, 301, 1, 1],
      [401, 201, 501, 301, 1, 1],
      [501, 201, 601, 301, 1, 1],
      [101, 301, 401, 501, 1, 2],
      [401, 301, 501, 401, 1, 1],
      [501, 301, 601, 401, 1, 1],
      [401, 401, 501, 501, 1, 1],
      [501, 401, 601, 501, 1, 1],
    ]);
  });

  it("finds no cell where rules do not close one (an underline, a lone rule)", () => {
    const page = blank(700, 600);
    paint(page, 100, 100, 500, 3);
    paint(page, 300, 150, 3, 300);
    const clean = removeRulings(page);
    expect(tableCells(clean.horizontalRules, clean.verticalRules)).toEqual([]);
  });
});

describe("reading a ruled table cell by cell", () => {
  const run = (text: string, left: number, top: number, confidence = 0.95): TextRun => ({
    text,
    confidence,
    left,
    top,
    width: 40,
    height: 30,
    baseline: top + 30,
  });

  it("makes one run per cell at its row's baseline, and figure cells to be read again where their ink is", async () => {
    // No cell here needs the engine: every label was read surely, on one line.
    const page = ruledTable();
    // Ink in the cells below the first row but one; the middle column's second cell read as "oo"
    // (no text: a figure cell, to be read again), the last column's cells all figures.
    for (const [x, y] of [
      [150, 230],
      [150, 380],
      [430, 230],
      [430, 330],
      [530, 230],
      [530, 330],
      [530, 430],
    ] as const)
      paint(page, x, y, 20, 30);
    const clean = removeRulings(page);
    const cells = tableCells(clean.horizontalRules, clean.verticalRules);
    const runs = [
      run("规章", 150, 230),
      run("其他", 150, 380),
      run("1", 430, 230),
      run("oo", 430, 330, 0.2),
      run("2", 530, 230),
      run("3", 530, 330),
      run("4", 530, 430),
      run("正文一段", 100, 550),
    ];
    const isFigure = (r: TextRun) => /^\d+$/.test(r.text);
    const read = await readTableCells(clean, cells, runs, isFigure, 300);
    const texts = read.runs.map((r) => [r.text, r.baseline]);
    // Outside every cell: kept as it was. A row's cells share one baseline.
    expect(texts).toContainEqual(["正文一段", 580]);
    expect(texts).toContainEqual(["规章", 266]);
    expect(texts).toContainEqual(["其他", 416]);
    const figures = [...read.figures.entries()].map(([r, f]) => [r.baseline, f.text, f.left, f.top]);
    expect(figures).toEqual([
      [266, "1", 422, 222],
      [266, "2", 522, 222],
      [366, "", 422, 322],
      [366, "3", 522, 322],
      [466, "4", 522, 422],
    ]);
  });

  it("keeps texts and figures apart in one cell apart: two columns whose rule was not found", async () => {
    const page = ruledTable();
    for (const [x, y] of [
      [150, 130],
      [430, 130],
      [150, 380],
      [300, 380],
    ] as const)
      paint(page, x, y, 20, 30);
    const clean = removeRulings(page);
    const cells = tableCells(clean.horizontalRules, clean.verticalRules);
    const runs = [
      run("本年制发件数", 150, 130),
      run("本年废止件数", 430, 130),
      run("3001", 150, 380),
      run("53", 300, 380),
    ];
    const isFigure = (r: TextRun) => /^\d+$/.test(r.text);
    const read = await readTableCells(clean, cells, runs, isFigure, 300);
    // The merged first row's two labels stay two (at the row's baseline), not 本年制发件数本年废止件数.
    expect(read.runs.map((r) => [r.text, r.left, r.baseline])).toEqual(
      expect.arrayContaining([
        ["本年制发件数", 150, 166],
        ["本年废止件数", 430, 166],
      ]),
    );
    // The merged cell's two figures stay two, each read again where it is: never 300153.
    expect([...read.figures.values()].map((f) => [f.text, f.left])).toEqual([
      ["3001", 150],
      ["53", 300],
    ]);
  });

  it("drops what a rule's remnant reads as: | in a cell, a run of | or 一 or a sliver beside the table (a page edge)", async () => {
    const page = ruledTable();
    for (const [x, y] of [
      [430, 230],
      [480, 230],
      [530, 230],
    ] as const)
      paint(page, x, y, 20, 30);
    const clean = removeRulings(page);
    const cells = tableCells(clean.horizontalRules, clean.verticalRules);
    const runs = [
      run("6", 430, 230),
      run("|", 480, 230),
      run("8", 530, 230),
      run("||", 650, 230),
      run("一一一", 300, 20),
      // The page's dark edge beside the row, read as 四 in a box one pixel high.
      { ...run("四", 650, 260), height: 1 },
      { ...run("口", 660, 200), width: 2 },
      // The page's right edge (the page is 700 wide), read unsurely as 四 beside the row.
      run("四", 670, 230, 0.26),
    ];
    const isFigure = (r: TextRun) => /^\d+$/.test(r.text);
    const read = await readTableCells(clean, cells, runs, isFigure, 300);
    // The cell's | is gone (else it would be a cell of its own and shift 8 to the next column).
    expect(read.runs.map((r) => r.text).sort()).toEqual(["6", "8"]);
  });

  const isFigure = (r: TextRun) => /^\d+$/.test(r.text);
  const figureAt = (read: Awaited<ReturnType<typeof readTableCells>>, left: number, top: number) =>
    [...read.figures.values()].some((f) => Math.abs(f.left - left) < 20 && Math.abs(f.top - top) < 20);

  it("takes ink read as nothing or as a lone character read unsurely in a row of figures for a figure (a serif 1 read as 工)", async () => {
    const page = ruledTable();
    for (const x of [150, 430, 530]) paint(page, x, 230, 20, 30);
    const clean = removeRulings(page);
    const cells = tableCells(clean.horizontalRules, clean.verticalRules);
    const runs = [run("3", 150, 230), run("5", 430, 230), run("工", 530, 230, 0.15)];
    const read = await readTableCells(clean, cells, runs, isFigure, 300);
    expect(figureAt(read, 522, 222)).toBe(true);
    // Its ink read as nothing: a figure too.
    const unread = await readTableCells(clean, cells, runs.slice(0, 2), isFigure, 300);
    expect(figureAt(unread, 522, 222)).toBe(true);
    // Read surely, 工 would be a word: not taken for a figure.
    const sure = await readTableCells(
      clean,
      cells,
      [run("3", 150, 230), run("5", 430, 230), run("工", 530, 230, 0.96)],
      isFigure,
      300,
    );
    expect(figureAt(sure, 522, 222)).toBe(false);
  });

  it("takes digits read unsurely with one letter or character among them, in a row of figures, for a figure (4 read as 人4)", async () => {
    const page = ruledTable();
    for (const x of [150, 430, 530]) paint(page, x, 230, 20, 30);
    const clean = removeRulings(page);
    const cells = tableCells(clean.horizontalRules, clean.verticalRules);
    const figures = [run("3", 150, 230), run("5", 430, 230)];
    const read = await readTableCells(clean, cells, [...figures, run("人4", 530, 230, 0.4)], isFigure, 300);
    expect(figureAt(read, 522, 222)).toBe(true);
    // Read surely: a word, not a figure misread.
    const sure = await readTableCells(clean, cells, [...figures, run("人4", 530, 230, 0.96)], isFigure, 300);
    expect(figureAt(sure, 522, 222)).toBe(false);
    // A numbering (1. has no letter) is no figure misread (the other rules judge it).
    expect(["人4", "12B", "工"].map(misreadFigure)).toEqual([true, true, true]);
    expect(["1.", "12", "第4人", "（二）"].map(misreadFigure)).toEqual([false, false, false, false]);
  });

  it("does not read a cell again that the page read as one of the forms' labels, however unsurely", async () => {
    const page = ruledTable();
    paint(page, 150, 230, 40, 30);
    const clean = removeRulings(page);
    const cells = tableCells(clean.horizontalRules, clean.verticalRules);
    const readAlone = vi.mocked(readEnlarged);
    readAlone.mockClear();
    // 规章 is a row of table 二: the page's reading stands, as unsure as it was.
    const label = await readTableCells(
      clean,
      cells,
      [run("规章", 150, 230, 0.3)],
      isFigure,
      300,
      undefined,
      formLabelLikeness,
    );
    expect(readAlone).not.toHaveBeenCalled();
    expect(label.runs.map((r) => [r.text, r.confidence])).toEqual([["规章", 0.3]]);
    // 规辛 is no label: the cell is read on its own.
    await readTableCells(
      clean,
      cells,
      [run("规辛", 150, 230, 0.3)],
      isFigure,
      300,
      undefined,
      formLabelLikeness,
    );
    expect(readAlone).toHaveBeenCalledTimes(1);
  });

  it("never takes a line of text for a figure: ink wider than a figure, or three characters read however unsurely", async () => {
    const page = ruledTable();
    // A label's ink 250 pixels wide, read as a lone 6; a figure column's header read at 0.21; a
    // label of two lines, each no wider than a figure, read as ”|.
    paint(page, 120, 230, 250, 30);
    paint(page, 150, 380, 100, 30);
    paint(page, 150, 430, 100, 30);
    for (const y of [230, 330, 430]) paint(page, 430, y, 20, 30);
    const clean = removeRulings(page);
    const cells = tableCells(clean.horizontalRules, clean.verticalRules);
    const runs = [
      run("6", 120, 230, 0.16),
      run("”|", 150, 400, 0),
      run("本年废止件数", 430, 230, 0.21),
      run("3", 430, 330),
      run("4", 430, 430),
    ];
    const read = await readTableCells(clean, cells, runs, isFigure, 300);
    expect(figureAt(read, 112, 222)).toBe(false);
    expect([...read.figures.values()].filter((f) => f.left < 400 && f.top > 300)).toEqual([]);
    expect(figureAt(read, 422, 222)).toBe(false);
    expect(figureAt(read, 422, 322)).toBe(true);
  });
});

describe("the better of a label cell's two readings", () => {
  const reading = (text: string, confidence: number) => ({ text, confidence });

  it("is the one like a label of the form, however sure the other", () => {
    const page = reading("3.忆及司梓“三安全一机定二)*入,全由", 0.3);
    const alone = reading("3.危及“三安全一稳定”", 0);
    expect(betterCellReading(page, alone, formLabelLikeness)).toBe(alone);
    const misread = reading("《一)耶以公开", 0);
    const pageRow = reading("《一)子以公开", 0.3);
    expect(betterCellReading(pageRow, misread, formLabelLikeness)).toBe(pageRow);
  });

  it("else the cell alone, unless shorter or less sure without being far longer", () => {
    const none = () => 0;
    expect(
      betterCellReading(reading("6", 0.16), reading("2.没有现成信息需要另行制作", 0.15), none)?.text,
    ).toBe("2.没有现成信息需要另行制作");
    expect(betterCellReading(reading("结果纠正", 0.7), reading("纠正", 0.9), none)?.text).toBe("结果纠正");
    expect(betterCellReading(reading("其他情形", 0.9), reading("其他情彤", 0.5), none)?.text).toBe(
      "其他情形",
    );
    expect(betterCellReading(null, reading("总计", 0.9), none)?.text).toBe("总计");
    expect(betterCellReading(reading("总计", 0.9), null, none)?.text).toBe("总计");
  });
});

describe("the better of a line's two readings beside a table", () => {
  const reading = (text: string, confidence: number) => ({ text, confidence });

  it("is the line read alone when clearly surer and not much shorter", () => {
    const page = [
      reading("同、政府言息公", 0.2),
      reading("，\\", 0.1),
      reading("公开行政复议、行政诉讼情;", 0.3),
    ];
    const alone = [reading("四、政府信息公开行政复议、行政诉讼情况", 0.55)];
    expect(betterLineReading(page, alone)).toBe(alone);
    // Hardly surer, or much shorter (a part of the line dropped), or nothing read: the page's.
    expect(betterLineReading(page, [reading("四、政府信息公开行政复议、行政诉讼情况", 0.15)])).toBe(page);
    expect(betterLineReading(page, [reading("四、政府", 0.9)])).toBe(page);
    expect(betterLineReading(page, [])).toBe(page);
  });

  it("is a whole date read alone where the page lost one of its numbers, however unsure", () => {
    const page = [reading("2024年月23日", 0.9)];
    const alone = [reading("2024年1月23日", 0.3)];
    expect(betterLineReading(page, alone)).toBe(alone);
    // Alone no whole date either: the surer reading, as for any line.
    expect(betterLineReading(page, [reading("2024年月2日", 0.3)])).toBe(page);
    expect(["2024年月23日", "2024年1月23有日", "2024 年 1 月日"].map(brokenDate)).toEqual([true, true, true]);
    expect(["2024年1月23日", "2024年度工作要点", "2023年"].map(brokenDate)).toEqual([false, false, false]);
  });
});

describe("the lines beside a table read again alone", () => {
  // Runs of one line: `chars` characters read at `confidence`, their box at `top` (30 pixels high).
  const line = (chars: number, top: number, confidence = 0.2): TextRun[] => [
    {
      text: "政".repeat(chars),
      confidence,
      left: 100,
      top,
      width: chars * 36,
      height: 30,
      baseline: top + 30,
    },
  ];
  const page = ruledTable();
  const cells = tableCells(removeRulings(page).horizontalRules, removeRulings(page).verticalRules);

  it("are the headings read unsurely: short lines, and any line just above a table; never a paragraph's line away from it", () => {
    const paragraph = line(30, 520);
    const heading = line(12, 600);
    const runInto = line(27, 40);
    const sure = line(12, 680, 0.9);
    const again = linesToReadAgain([...paragraph, ...heading, ...runInto, ...sure], cells, 300);
    expect(again.map((l) => l[0]!.top).sort()).toEqual([40, 600]);
    // The same long line 0.6 inch above the table (180 pixels at 300 dpi) or nearer is one; farther is not.
    const table = Math.min(...cells.map((c) => c.top));
    expect(linesToReadAgain(line(27, table - 30 - 180), cells, 300)).toHaveLength(1);
    expect(linesToReadAgain(line(27, table - 30 - 181), cells, 300)).toHaveLength(0);
  });

  it("are a date read with a number lost, on any page and however surely, before the headings", () => {
    const date = (text: string, top: number): TextRun[] => [{ ...line(text.length, top, 0.95)[0]!, text }];
    expect(linesToReadAgain([...line(5, 40), ...date("2024年月23日", 700)], [], 300)).toEqual([
      date("2024年月23日", 700),
    ]);
    expect(linesToReadAgain(date("2024年1月23日", 700), [], 300)).toEqual([]);
    const many = Array.from({ length: 10 }, (_, i) => line(5, 520 + i * 40, 0.1));
    expect(linesToReadAgain([...many.flat(), ...date("2024年1月日", 940)], cells, 300)[0]![0]!.text).toBe(
      "2024年1月日",
    );
  });

  it("are none on a page without tables, and at most eight, the least sure first", () => {
    expect(linesToReadAgain(line(5, 40), [], 300)).toEqual([]);
    const many = Array.from({ length: 10 }, (_, i) => line(5, 520 + i * 40, (50 - i) / 100));
    const again = linesToReadAgain(many.flat(), cells, 300);
    expect(again.map((l) => l[0]!.confidence)).toEqual([0.41, 0.42, 0.43, 0.44, 0.45, 0.46, 0.47, 0.48]);
  });
});
