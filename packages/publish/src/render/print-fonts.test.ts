import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { subsetFont } from "./font-subset.js";
import { PRINT_FACES, PRINT_FONT_STACK } from "./print-font-faces.js";
import {
  DEFAULT_PRINT_FONT,
  type PrintFonts,
  codePointsOf,
  findPrintFont,
  preparePrintFonts,
} from "./print-fonts.js";

const cp = (s: string) => [...s].map((c) => c.codePointAt(0)!);

/** Where a TrueType font's table starts. */
function tableOffset(font: Buffer, name: string): number {
  for (let t = 0; t < font.readUInt16BE(4); t++)
    if (font.toString("latin1", 12 + 16 * t, 16 + 16 * t) === name) return font.readUInt32BE(20 + 16 * t);
  throw new Error(`no ${name}`);
}

/** The glyph a TrueType font maps a character to: its cmap's Unicode subtable (format 4 or 12). */
function glyphId(font: Buffer, codePoint: number): number {
  const cmap = tableOffset(font, "cmap");
  for (let i = 0; i < font.readUInt16BE(cmap + 2); i++) {
    const at = cmap + font.readUInt32BE(cmap + 8 + 8 * i);
    const format = font.readUInt16BE(at);
    if (format === 12) {
      for (let g = 0; g < font.readUInt32BE(at + 12); g++) {
        const group = at + 16 + 12 * g;
        const [first, last] = [font.readUInt32BE(group), font.readUInt32BE(group + 4)];
        if (codePoint >= first && codePoint <= last) return font.readUInt32BE(group + 8) + codePoint - first;
      }
    } else if (format === 4) {
      const segments = font.readUInt16BE(at + 6) / 2;
      const ends = at + 14;
      const starts = ends + 2 * segments + 2;
      const deltas = starts + 2 * segments;
      const offsets = deltas + 2 * segments;
      for (let k = 0; k < segments; k++) {
        if (codePoint > font.readUInt16BE(ends + 2 * k) || codePoint < font.readUInt16BE(starts + 2 * k))
          continue;
        const offset = font.readUInt16BE(offsets + 2 * k);
        const delta = font.readUInt16BE(deltas + 2 * k);
        if (offset === 0) return (codePoint + delta) & 0xffff;
        const glyph = font.readUInt16BE(
          offsets + 2 * k + offset + 2 * (codePoint - font.readUInt16BE(starts + 2 * k)),
        );
        return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
      }
    }
  }
  return 0;
}

describe("the print font's characters", () => {
  it("are every character of the pages and margin lines, with the footer's page numbers", () => {
    const points = codePointsOf(["临江市 A", "第3页"]);
    for (const c of cp("临江市 A第页/0123456789")) expect(points.has(c)).toBe(true);
    expect(points.has("B".codePointAt(0)!)).toBe(false);
    // A character outside the BMP counts once, as one code point.
    expect(codePointsOf(["𠀀"]).has(0x20000)).toBe(true);
  });
});

describe("finding the print font", () => {
  it("takes Debian's WenQuanYi Zen Hei (installed by the setup), a named face when given, none when that is missing", () => {
    expect(existsSync(DEFAULT_PRINT_FONT.file)).toBe(true);
    expect(findPrintFont()).toEqual(DEFAULT_PRINT_FONT);
    expect(findPrintFont({ file: DEFAULT_PRINT_FONT.file, index: 1 })).toEqual({
      file: DEFAULT_PRINT_FONT.file,
      index: 1,
    });
    expect(findPrintFont({ file: "/nonexistent/font.ttf", index: 0 })).toBeNull();
  });
});

describe("subsetting a font", () => {
  it("keeps a face of a collection with the glyphs of the characters asked for, as a TrueType file", async () => {
    const font = readFileSync(DEFAULT_PRINT_FONT.file);
    const small = await subsetFont({
      font,
      index: 0,
      codePoints: cp("政府信息公开"),
      dropTables: ["EBDT", "EBLC"],
    });
    const large = await subsetFont({ font, index: 0, codePoints: cp("政府信息公开工作年度报告临江市") });
    // A TrueType-outline font (version 1.0), far smaller than the 16 MB collection.
    expect(small.subarray(0, 4)).toEqual(Buffer.from([0, 1, 0, 0]));
    expect(small.length).toBeLessThan(40_000);
    expect(large.length).toBeGreaterThan(small.length);
  });

  it("keeps each glyph's number when asked, whichever other characters the subset holds", async () => {
    const font = readFileSync(DEFAULT_PRINT_FONT.file);
    const glyphOf = (subset: Buffer, ch: string) => glyphId(subset, ch.codePointAt(0)!);
    const few = await subsetFont({ font, index: 0, codePoints: cp("报告"), retainGlyphIds: true });
    const many = await subsetFont({
      font,
      index: 0,
      codePoints: cp("政府信息公开报告"),
      retainGlyphIds: true,
    });
    expect(glyphOf(few, "报")).toBeGreaterThan(0);
    expect(glyphOf(many, "报")).toBe(glyphOf(few, "报"));
    expect(glyphOf(many, "告")).toBe(glyphOf(few, "告"));
    // Numbered anew (the default), the same glyph moves with the characters beside it.
    const fewAnew = await subsetFont({ font, index: 0, codePoints: cp("报告") });
    const manyAnew = await subsetFont({ font, index: 0, codePoints: cp("政府信息公开报告") });
    expect(glyphOf(manyAnew, "报")).not.toBe(glyphOf(fewAnew, "报"));
  });

  it("refuses bytes that are no font", async () => {
    await expect(
      subsetFont({ font: Buffer.from("not a font"), index: 0, codePoints: [0x41] }),
    ).rejects.toThrow(/^font subset: /);
  });
});

describe("the print fonts' directory", () => {
  const fcList = (conf: string, family: string) =>
    execFileSync("fc-list", ["-f", "%{family}|%{file}|%{fontformat}\n", family], {
      encoding: "utf8",
      env: { ...process.env, FONTCONFIG_FILE: conf },
    }).trim();

  it("names each face's file by its family for fontconfig (and so for Chromium), and is removed when disposed", async () => {
    const fonts = await preparePrintFonts(DEFAULT_PRINT_FONT, codePointsOf(["临江市政府信息公开 盱眙 㐀"]));
    const conf = fonts.env.FONTCONFIG_FILE!;
    const dir = path.dirname(conf);
    try {
      expect([...fonts.files.keys()]).toEqual(PRINT_FACES.map((face) => face.family));
      let bytes = 0;
      for (const [family, file] of fonts.files) {
        expect(path.dirname(file)).toBe(dir);
        expect(fcList(conf, family)).toBe(`${family}|${file}|TrueType`);
        bytes += statSync(file).size;
      }
      expect(fonts.bytes).toBe(bytes);
      // The system's fonts stay: the configuration includes them.
      expect(fcList(conf, "DejaVu Sans")).toContain("DejaVu Sans");
    } finally {
      await fonts.dispose();
    }
    expect(existsSync(dir)).toBe(false);
  });

  it("cuts the fixed faces the same whatever the run prints, the last with its rare characters only (each glyph keeping its number)", async () => {
    const font = readFileSync(DEFAULT_PRINT_FONT.file);
    const few = await preparePrintFonts(DEFAULT_PRINT_FONT, codePointsOf(["报告"]));
    const many = await preparePrintFonts(DEFAULT_PRINT_FONT, codePointsOf(["政府信息公开报告 盱眙 㐀㐁 ⼈"]));
    try {
      const read = (fonts: PrintFonts, family: string) => readFileSync(fonts.files.get(family)!);
      const [common, level2, rest] = PRINT_FACES.map((face) => face.family);
      // The common characters and GB 2312's level 2: the same bytes in both runs, and in neither
      // the other's characters (报 common, 盱 level 2).
      expect(read(few, common!).equals(read(many, common!))).toBe(true);
      expect(read(few, level2!).equals(read(many, level2!))).toBe(true);
      // (The second run takes them from the first's, cut once per process: they are what a cut of
      // the fixed set alone gives.)
      const alone = await subsetFont({
        font,
        index: 0,
        codePoints: PRINT_FACES[1]!.characters()!,
        dropTables: ["EBDT", "EBLC", "EBSC"],
      });
      expect(read(many, level2!).equals(alone)).toBe(true);
      expect(glyphId(read(few, common!), 0x62a5)).toBeGreaterThan(0);
      expect(glyphId(read(few, common!), 0x76f1)).toBe(0);
      expect(glyphId(read(few, level2!), 0x76f1)).toBeGreaterThan(0);
      expect(glyphId(read(few, level2!), 0x62a5)).toBe(0);
      // A run with only common characters has no last face; another's holds its rare ones, by the
      // collection's glyph numbers.
      expect(few.files.has(rest!)).toBe(false);
      const last = read(many, rest!);
      const original = await subsetFont({ font, index: 0, codePoints: cp("㐀㐁⼈"), retainGlyphIds: true });
      const numbers = [..."㐀㐁⼈"].map((c) => glyphId(original, c.codePointAt(0)!));
      for (const [i, c] of [..."㐀㐁⼈"].entries()) {
        expect(glyphId(last, c.codePointAt(0)!)).toBeGreaterThan(0);
        expect(glyphId(last, c.codePointAt(0)!)).toBe(numbers[i]);
      }
      expect(glyphId(last, 0x62a5)).toBe(0);
      // Each fixed face is a few thousand glyphs (maxp's count); the last keeps a place for every
      // glyph up to the highest number it holds (its characters' and those its layout rules reach).
      const glyphs = (f: Buffer) => f.readUInt16BE(tableOffset(f, "maxp") + 4);
      expect(glyphs(read(few, common!))).toBeLessThan(6_000);
      expect(glyphs(read(few, level2!))).toBeLessThan(3_500);
      expect(glyphs(last)).toBeGreaterThan(Math.max(...numbers));
    } finally {
      await few.dispose();
      await many.dispose();
    }
  });
});

describe("the print styles", () => {
  it("ask for the print font's faces in their order, before any other font, in touming.css", () => {
    const css = readFileSync(new URL("../../templates/assets/touming.css", import.meta.url), "utf8");
    const print = css.slice(css.indexOf("@media print")).replace(/\s+/g, " ");
    expect(print).toContain(`font-family: ${PRINT_FONT_STACK}, "DejaVu Sans"`);
    expect(print).toContain(`font-family: "DejaVu Sans Mono", ${PRINT_FONT_STACK}, monospace`);
    expect(PRINT_FONT_STACK).toBe('"Touming Print", "Touming Print 2", "Touming Print 3"');
  });
});
