import { describe, expect, it } from "vitest";
import { figureStrip } from "./figure-reread.js";
import { itemOfRun, levelOf } from "./ocr-page.js";
import { runsOfLine } from "./text-runs.js";
import { parseTsv } from "./tesseract.js";

const word = (text: string, left: number, confidence = 0.95, width = 30) => ({
  text,
  confidence,
  left,
  top: 100,
  width,
  height: 30,
  line: "1.1.1",
});

describe("OCR words to items", () => {
  it("parses Tesseract's TSV words with their boxes, confidences and lines", () => {
    const tsv = [
      "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext",
      "1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t",
      "5\t1\t2\t1\t3\t1\t410\t620\t88\t31\t96.5\t本年新收",
      "5\t1\t2\t1\t3\t2\t900\t622\t60\t29\t71\t3001",
      "5\t1\t2\t1\t3\t3\t990\t622\t6\t29\t0\t ",
    ].join("\n");
    expect(parseTsv(tsv)).toEqual([
      { text: "本年新收", confidence: 0.965, left: 410, top: 620, width: 88, height: 31, line: "2.1.3" },
      { text: "3001", confidence: 0.71, left: 900, top: 622, width: 60, height: 29, line: "2.1.3" },
    ]);
  });

  it("joins letter-spaced text into one run, keeps figures of two cells apart, takes the least sure confidence", () => {
    const runs = runsOfLine([
      word("本", 100),
      word("年", 150, 0.8), // 20 px apart: a letter-spaced heading
      word("3001", 400),
      word("53", 460), // 30 px after 3001 ends: the next cell
    ]);
    expect(runs.map((r) => [r.text, r.confidence])).toEqual([
      ["本年", 0.8],
      ["3001", 0.95],
      ["53", 0.95],
    ]);
    expect(runs[0]).toMatchObject({ left: 100, width: 80, baseline: 130 });
  });

  it("drops a lone stroke read before a Chinese character (临's 丨 read apart as I), nowhere else", () => {
    const text = (t: string) => runsOfLine([word(t, 100)])[0]!.text;
    expect(text("I临江市财政局2023年")).toBe("临江市财政局2023年");
    expect(text("由I临江市")).toBe("由临江市");
    expect(text("，|规章")).toBe("，规章");
    expect(text("ISO体系")).toBe("ISO体系");
    expect(text("2023I年")).toBe("2023I年");
  });

  it("places a run like a PDF's text item and never reads a mangled figure as a number", () => {
    const [run] = runsOfLine([word("1l78", 300, 0.9)]);
    const item = itemOfRun(run!, 72 / 300, 842, 0.5);
    expect(item).toMatchObject({ text: "1l78", x: 72, ocr: { level: "unreadable", box: [150, 50, 15, 15] } });
    expect(item.y).toBeCloseTo(842 - 130 * (72 / 300));
    expect([levelOf(0.97), levelOf(0.6), levelOf(0.2)]).toEqual(["high", "low", "unreadable"]);
  });

  it("stacks figures cut from the page one a line, with where each lies", () => {
    const page = { width: 100, height: 100, pixels: new Uint8Array(100 * 100).fill(255) };
    page.pixels[50 * 100 + 50] = 0;
    const { strip, bands } = figureStrip(page, [
      { text: "1", confidence: 0.5, left: 45, top: 45, width: 10, height: 10 },
      { text: "2", confidence: 0.5, left: 0, top: 0, width: 20, height: 12 },
    ]);
    expect(bands).toEqual([
      [24, 46],
      [70, 88],
    ]);
    expect(strip.width).toBe(26 + 48);
    // The dark pixel at (50, 50) lands 11 pixels into the first band, 11 from its left (padding 6).
    expect(strip.pixels[(24 + 11) * strip.width + 24 + 11]).toBe(0);
  });
});
