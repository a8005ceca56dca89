import { describe, expect, it } from "vitest";
import { inkPerLine, otsuLevel, removeRulings, spreadAtRules } from "./page-rulings.js";
import { binarise, blankPage as blank, paint } from "../testing/grey-pages.js";
import type { GreyImage } from "./tesseract.js";

const inkIn = (image: GreyImage, x: number, y: number, w: number, h: number) => {
  let ink = 0;
  for (let r = y; r < y + h; r++)
    for (let c = x; c < x + w; c++) if (image.pixels[r * image.width + c]! < 128) ink++;
  return ink;
};

describe("a page's ruling lines", () => {
  it("erases ruling lines, a staircase line too, and keeps characters and text strokes", () => {
    const page = blank(600, 800);
    // A horizontal rule that steps down a pixel halfway (a residual skew), and a vertical rule.
    paint(page, 20, 100, 280, 2);
    paint(page, 300, 101, 280, 2);
    paint(page, 50, 50, 2, 700);
    // A "character": a short stroke and a box, well under the lengths of a rule.
    paint(page, 200, 300, 30, 3);
    paint(page, 200, 300, 3, 10);
    const clean = removeRulings(binarise(page));
    expect(inkIn(clean, 0, 95, 600, 12)).toBe(0);
    expect(inkIn(clean, 45, 0, 12, 800)).toBe(0);
    expect(inkIn(clean, 195, 295, 40, 40)).toBe(30 * 3 + 7 * 3);
  });

  it("names the vertical rules it erased, with the rows they run over", () => {
    const page = blank(600, 800);
    paint(page, 50, 100, 3, 600);
    paint(page, 300, 200, 2, 300);
    expect(removeRulings(page).verticalRules).toEqual([
      { x: 51, top: 100, bottom: 699, spans: [{ from: 100, to: 699 }] },
      { x: 301, top: 200, bottom: 499, spans: [{ from: 200, to: 499 }] },
    ]);
  });

  it("finds rules running to a page's last row and column when its sides are no multiple of 4 (read four pixels a word)", () => {
    // 601 × 803: each line is kept in memory padded to 604 and 804, the padding never ink.
    const page = blank(601, 803);
    paint(page, 500, 700, 101, 2);
    paint(page, 599, 100, 2, 703);
    paint(page, 0, 20, 2, 200);
    const clean = removeRulings(page);
    expect(clean.horizontalRules).toEqual([
      { y: 701, left: 500, right: 600, spans: [{ from: 500, to: 600 }] },
    ]);
    expect(clean.verticalRules).toEqual([
      { x: 1, top: 20, bottom: 219, spans: [{ from: 20, to: 219 }] },
      { x: 599, top: 100, bottom: 802, spans: [{ from: 100, to: 802 }] },
    ]);
    expect(inkIn(clean, 0, 0, 601, 803)).toBe(0);
  });

  it("counts each line's dark pixels four at a time as one at a time does, the four of a word all dark too", () => {
    // 7 lines of 13 pixels, each line padded to 16 with zeros; a pseudo-random third of them dark.
    const stride = 16;
    const dark = new Uint8Array(7 * stride);
    let seed = 12345;
    for (let line = 0; line < 7; line++)
      for (let x = 0; x < 13; x++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        dark[line * stride + x] = seed % 3 === 0 ? 1 : 0;
      }
    dark.fill(1, 2 * stride, 2 * stride + 13); // a line all ink
    const naive = Array.from({ length: 7 }, (_, line) =>
      dark.subarray(line * stride, line * stride + stride).reduce((a, b) => a + b, 0),
    );
    expect([...inkPerLine(dark, 7, stride)]).toEqual(naive);
    expect(naive[2]).toBe(13);
  });

  it("pulls a table's columns apart at its rules, only in the rows the rules run over, and maps back", () => {
    const page = blank(100, 10);
    paint(page, 40, 0, 1, 10); // a mark at x 40 in every row
    const { image, toOriginal } = spreadAtRules(page, [{ x: 30, spans: [{ from: 0, to: 4 }] }], 20);
    expect(image.width).toBe(120);
    // Rows 0–4 run under the rule: the mark moved 20 to the right; rows 5–9 did not move.
    expect(image.pixels[2 * 120 + 60]).toBe(0);
    expect(image.pixels[7 * 120 + 40]).toBe(0);
    expect([toOriginal(60, 2), toOriginal(40, 7), toOriginal(10, 2), toOriginal(35, 2)]).toEqual([
      40, 40, 10, 30,
    ]);
  });

  it("keeps whole the rows between two tables whose rules share an x (the heading of the second)", () => {
    const page = blank(100, 10);
    paint(page, 40, 0, 1, 10);
    const rule = {
      x: 30,
      spans: [
        { from: 0, to: 2 },
        { from: 7, to: 9 },
      ],
    };
    const { image } = spreadAtRules(page, [rule, { x: 60, spans: [{ from: 7, to: 9 }] }], 20);
    // As wide as the most rules one row has (here two), not one gap a rule.
    expect(image.width).toBe(140);
    expect(image.pixels[1 * 140 + 60]).toBe(0);
    expect(image.pixels[5 * 140 + 40]).toBe(0); // between the tables: not moved
    expect(image.pixels[8 * 140 + 60]).toBe(0);
  });

  it("erases a scanned rule's grey fringe beside it, and keeps a dark stroke crossing it", () => {
    // The rule runs to the page's right edge (it was not erased when it did).
    const page = blank(600, 100);
    paint(page, 20, 50, 580, 2); // the rule
    paint(page, 20, 48, 580, 2, 180); // its fringe, above and below
    paint(page, 20, 52, 580, 2, 180);
    paint(page, 300, 40, 12, 20, 20); // a character's stroke crossing it
    const clean = removeRulings(page, binarise(page));
    // The fringe is gone; what is left is the stroke, above and below the rule.
    const left = [...clean.pixels.subarray(40 * 600, 60 * 600)].flatMap((v, i) => (v < 255 ? [i] : []));
    expect(left.every((i) => i % 600 >= 300 && i % 600 < 312)).toBe(true);
    const rows = new Set(left.map((i) => Math.floor(i / 600) + 40));
    for (const y of [40, 45, 46, 55, 59]) expect(rows.has(y)).toBe(true);
  });

  it("finds on the grey page, dark at Otsu's level, what it finds on the black-and-white copy (not made)", () => {
    // Odd sizes (tiles of the transpose cut short), a staircase rule, grey fringes, bold text and
    // broken rules: the same erased page and the same rules either way.
    const page = blank(333, 251);
    paint(page, 10, 20, 310, 2, 90);
    paint(page, 10, 18, 310, 2, 170);
    for (let x = 10; x < 320; x++) paint(page, x, 120 + Math.floor(x / 110), 1, 1, 60);
    for (const x of [10, 170, 319]) paint(page, x, 20, 1, 200, 100);
    paint(page, 240, 30, 1, 40);
    paint(page, 240, 75, 1, 140);
    for (let x = 30; x < 300; x += 9) paint(page, x, 60, 7, 14, 30);
    const copy = removeRulings(page, binarise(page));
    const direct = removeRulings(page, page, otsuLevel(page) + 1);
    expect(direct.verticalRules.map((r) => r.x)).toEqual(expect.arrayContaining([10, 170, 240, 319]));
    expect(direct.horizontalRules.map((r) => r.y)).toEqual([21, 121]);
    expect(direct).toEqual(copy);
  });

  it("finds the sparsest rule that is still one: dots two pixels apart over just the least length", () => {
    // 240 wide: a horizontal rule is 20 pixels or longer; 8 dots 3 apart span 22, 7 span 19.
    const page = blank(240, 60);
    for (let k = 0; k < 8; k++) paint(page, 10 + 3 * k, 15, 1, 1);
    for (let k = 0; k < 7; k++) paint(page, 100 + 3 * k, 45, 1, 1);
    expect(removeRulings(page).horizontalRules).toEqual([
      { y: 15, left: 10, right: 31, spans: [{ from: 10, to: 31 }] },
    ]);
  });

  it("keeps a long row of bold text that a rule's length alone would take for a line", () => {
    const page = blank(600, 200);
    // 550 pixels of touching strokes with ink above and below: text, not a rule.
    for (let x = 20; x < 570; x += 10) paint(page, x, 80, 10, 30);
    const clean = removeRulings(page);
    expect(inkIn(clean, 0, 70, 600, 50)).toBe(550 * 30);
  });
});
