import { describe, expect, it } from "vitest";
import { type FigureReading, twoReadings } from "./figure-reread.js";
import type { OcrWord } from "./tesseract.js";

const first = (text: string, confidence = 0.95): FigureReading => ({
  text,
  confidence,
  left: 100,
  top: 10,
  width: 40,
  height: 20,
});
const digit = (text: string, left: number, confidence = 0.95): OcrWord => ({
  text,
  confidence,
  left,
  top: 10,
  width: 10 * text.length,
  height: 20,
  line: "1.1.1",
});

describe("a figure's two readings", () => {
  it("is surer where both agree", () => {
    expect(twoReadings(first("35", 0.86), [digit("35", 100, 0.97)])).toMatchObject({
      text: "35",
      confidence: 0.97,
    });
  });

  it("is never high where they disagree, taking a sure digit reading", () => {
    const read = twoReadings(first("36", 0.9), [digit("35", 100, 0.96)]);
    expect(read.text).toBe("35");
    expect(read.confidence).toBeLessThan(0.85);
  });

  it("takes the digit reading, never high, for a cell the page did not read", () => {
    const read = twoReadings(first("", 0), [digit("4", 100, 0.97)]);
    expect(read).toMatchObject({ text: "4", confidence: 0.84 });
  });

  it("keeps a decimal point only the first reading saw (77.3, not 773)", () => {
    const read = twoReadings(first("77.3", 0.9), [digit("773", 100, 0.97)]);
    expect(read.text).toBe("77.3");
    expect(read.confidence).toBeLessThan(0.85);
  });

  it("does not join digits far apart into one number: two cells whose rule was not found", () => {
    const read = twoReadings(first("", 0), [digit("3001", 100), digit("53", 190)]);
    expect(read.text).toBe("");
  });
});
