import { describe, expect, it } from "vitest";
import { textBands, uncoveredInk } from "./missed-lines.js";
import type { GreyImage } from "./tesseract.js";

function page(): GreyImage {
  const image = { width: 400, height: 300, pixels: new Uint8Array(400 * 300).fill(255) };
  const paint = (x: number, y: number, w: number, h: number) => {
    for (let r = y; r < y + h; r++) image.pixels.fill(0, r * 400 + x, r * 400 + x + w);
  };
  // Two lines of "characters" 30 pixels high, a speck, and a 200-pixel-high picture.
  for (let x = 20; x < 380; x += 40) paint(x, 40, 25, 30);
  for (let x = 20; x < 380; x += 40) paint(x, 100, 25, 30);
  paint(50, 160, 2, 2);
  return image;
}

describe("lines the engine left out", () => {
  it("finds the bands of ink that are lines, not specks", () => {
    expect(textBands(page())).toEqual([
      { top: 40, bottom: 70 },
      { top: 100, bottom: 130 },
    ]);
  });

  it("counts the ink of a band that no word read covers", () => {
    const word = { text: "本年", confidence: 0.9, left: 20, top: 40, width: 65, height: 30, line: "1.1.1" };
    const image = page();
    const [first, second] = textBands(image);
    expect(uncoveredInk(image, first!, [word])).toEqual({ uncovered: 7 * 25 * 30, ink: 9 * 25 * 30 });
    // A word on another line covers nothing here: the whole second line is unread.
    expect(uncoveredInk(image, second!, [word])).toEqual({ uncovered: 9 * 25 * 30, ink: 9 * 25 * 30 });
  });
});
