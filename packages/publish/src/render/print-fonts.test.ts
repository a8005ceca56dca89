import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { subsetFont } from "./font-subset.js";
import {
  DEFAULT_PRINT_FONT,
  PRINT_FAMILY,
  codePointsOf,
  findPrintFont,
  preparePrintFonts,
} from "./print-fonts.js";

const cp = (s: string) => [...s].map((c) => c.codePointAt(0)!);

/** The glyph a TrueType font maps a character to: its cmap's Unicode subtable (format 4 or 12). */
function glyphId(font: Buffer, codePoint: number): number {
  const tables = font.readUInt16BE(4);
  let cmap = -1;
  for (let t = 0; t < tables; t++)
    if (font.toString("latin1", 12 + 16 * t, 16 + 16 * t) === "cmap") cmap = font.readUInt32BE(20 + 16 * t);
  if (cmap < 0) throw new Error("no cmap");
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
  it("names the subset Touming Print for fontconfig (and so for Chromium), and is removed when disposed", async () => {
    const fonts = await preparePrintFonts(DEFAULT_PRINT_FONT, codePointsOf(["临江市政府信息公开"]));
    const conf = fonts.env.FONTCONFIG_FILE!;
    const dir = path.dirname(conf);
    try {
      expect(statSync(path.join(dir, "print.ttf")).size).toBe(fonts.bytes);
      const listed = execFileSync("fc-list", ["-f", "%{family}|%{file}|%{fontformat}\n", PRINT_FAMILY], {
        encoding: "utf8",
        env: { ...process.env, FONTCONFIG_FILE: conf },
      });
      expect(listed.trim()).toBe(`${PRINT_FAMILY}|${path.join(dir, "print.ttf")}|TrueType`);
      // The system's fonts stay: the configuration includes them.
      const system = execFileSync("fc-list", ["-f", "%{family}\n", "DejaVu Sans"], {
        encoding: "utf8",
        env: { ...process.env, FONTCONFIG_FILE: conf },
      });
      expect(system).toContain("DejaVu Sans");
    } finally {
      await fonts.dispose();
    }
    expect(existsSync(dir)).toBe(false);
  });
});
