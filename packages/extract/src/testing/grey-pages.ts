// Grey pages drawn in tests of the OCR clean-up and readers: paper, and rectangles of ink on it.
import { otsuLevel } from "../ocr/page-rulings.js";
import type { GreyImage } from "../ocr/tesseract.js";

/** A page of `width` × `height` pixels all at `level` (255: white paper). */
export function blankPage(width: number, height: number, level = 255): GreyImage {
  return { width, height, pixels: new Uint8Array(width * height).fill(level) };
}

/** Paints a rectangle of the page at `level` (0: black ink). */
export function paint(image: GreyImage, x: number, y: number, w: number, h: number, level = 0): void {
  for (let r = y; r < y + h; r++) image.pixels.fill(level, r * image.width + x, r * image.width + x + w);
}

/** The page in black and white at Otsu's level: the copy removeRulings once found its lines on. */
export function binarise(image: GreyImage): GreyImage {
  const best = otsuLevel(image);
  return { ...image, pixels: image.pixels.map((v) => (v <= best ? 0 : 255)) };
}
