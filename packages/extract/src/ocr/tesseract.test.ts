import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import type * as Sharp from "sharp";
import { describe, expect, it } from "vitest";
import { fixture } from "../testing/fixtures.js";
import { parsePnm } from "./page-pixels.js";
import { type GreyImage, parseTsv, readWords, toTiff } from "./tesseract.js";

const sharp = createRequire(import.meta.url)("sharp") as typeof Sharp.default;

describe("toTiff", () => {
  it("writes an uncompressed greyscale TIFF another reader decodes to the same pixels", async () => {
    // Width odd (no row padding in TIFF), every grey level present.
    const image: GreyImage = { width: 37, height: 11, pixels: new Uint8Array(37 * 11) };
    image.pixels.forEach((_, i) => (image.pixels[i] = (i * 7) % 256));
    const [header, pixels] = toTiff(image);
    expect(pixels).toBe(image.pixels);
    const file = Buffer.concat([header!, pixels!]);
    expect(file.subarray(0, 4).toString("latin1")).toBe("II*\0");
    const meta = await sharp(file).metadata();
    expect([meta.format, meta.width, meta.height, meta.channels]).toEqual(["tiff", 37, 11, 1]);
    // Uncompressed: the file is its header and its pixels, nothing more.
    expect(file.length).toBe(header!.length + 37 * 11);
    const data = await sharp(file).extractChannel(0).raw().toBuffer();
    expect(Buffer.compare(data, Buffer.from(image.pixels))).toBe(0);
  });

  it("reads in the engine word for word as the same page given as PGM", async () => {
    const pgm = execFileSync(
      "pdftoppm",
      ["-r", "150", "-gray", "-f", "1", "-l", "1", "-x", "0", "-y", "300", "-W", "1240", "-H", "400", "-"],
      { input: fixture("pdf/huaian-city-2024.pdf") },
    );
    const page = parsePnm(pgm);
    const image: GreyImage = { width: page.width, height: page.height, pixels: page.pixels };
    const words = await readWords(image, 150);
    expect(words.map((w) => w.text).join("")).toMatch(/淮安/);
    const once = execFileSync("tesseract", ["-", "-", "-l", "chi_sim", "--psm", "6", "--dpi", "150", "tsv"], {
      input: pgm,
      env: { ...process.env, OMP_THREAD_LIMIT: "1" },
      stdio: ["pipe", "pipe", "ignore"],
    }).toString();
    expect(words).toEqual(parseTsv(once));
  });
});
