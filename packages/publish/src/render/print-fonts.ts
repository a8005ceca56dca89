import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { escapeHtml } from "./escape.js";
import { subsetFont } from "./font-subset.js";

/**
 * The family the page styles ask for when printing (layout.hbs's `@media print`). Chromium finds it
 * only when the renderer starts it with `printFontEnvironment`: a subset of a TrueType-outline CJK
 * font under this name.
 *
 * Why: Chromium's PDF backend (Skia) embeds TrueType outlines as CID TrueType subsets, but writes
 * every glyph of a CFF-outline font (Debian's Noto Sans CJK) as a Type 3 font: 320–370 KB per card,
 * text poorly extractable, and slow. It also reads and subsets the whole font file for each PDF, so
 * a 16 MB font costs ~70 ms a PDF where a subset of the run's characters costs almost nothing.
 */
export const PRINT_FAMILY = "Touming Print";

/** A face of a font file. */
export interface FontFace {
  file: string;
  /** The face's index in a collection (0 for a single font). */
  index: number;
}

/** Debian's fonts-wqy-zenhei (a Hei face with TrueType outlines and GB 18030 coverage); the setup installs it. */
export const DEFAULT_PRINT_FONT: FontFace = {
  file: "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
  index: 0,
};

/** Families with TrueType outlines looked up with fontconfig when the default file is absent. */
const FALLBACK_FAMILIES = ["WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Droid Sans Fallback"];

/**
 * The CJK font to print with: `wanted` when given (it must exist), else the default file, else the
 * first fallback family fontconfig lists as TrueType. Null when none is installed (the PDFs are then
 * printed with the system's fonts, larger and with Type 3 glyphs).
 */
export function findPrintFont(wanted?: FontFace): FontFace | null {
  if (wanted) return existsSync(wanted.file) ? wanted : null;
  if (existsSync(DEFAULT_PRINT_FONT.file)) return DEFAULT_PRINT_FONT;
  for (const family of FALLBACK_FAMILIES) {
    const listed = spawnSync("fc-list", ["-f", "%{file}|%{index}|%{fontformat}\n", family], {
      encoding: "utf8",
    });
    for (const line of (listed.stdout ?? "").split("\n")) {
      const [file, index, format] = line.split("|");
      if (file && format === "TrueType") return { file, index: Number(index) || 0 };
    }
  }
  return null;
}

/** Characters every printed page has beside its own text: the page numbers of the footer. */
const ALWAYS = "第页/ 0123456789";

/** The characters a set of pages and their margin lines use, as code points. */
export function codePointsOf(texts: Iterable<string>): Set<number> {
  const points = new Set<number>();
  for (const c of ALWAYS) points.add(c.codePointAt(0)!);
  for (const text of texts) for (const c of text) points.add(c.codePointAt(0)!);
  return points;
}

/** A directory holding the run's print font and the fontconfig configuration that names it. */
export interface PrintFonts {
  /** The environment Chromium is started with (`FONTCONFIG_FILE`). */
  env: Record<string, string>;
  /** The subset's size in bytes. */
  bytes: number;
  /** Removes the directory. */
  dispose(): Promise<void>;
}

/**
 * Writes a subset of `face` with the given characters (embedded bitmaps left out) into a new
 * temporary directory, with a fontconfig file that includes the system's configuration and adds the
 * subset under `PRINT_FAMILY`. Throws when the font cannot be read or subset.
 */
export async function preparePrintFonts(face: FontFace, codePoints: Iterable<number>): Promise<PrintFonts> {
  const font = await readFile(face.file);
  const subset = await subsetFont({
    font,
    index: face.index,
    codePoints,
    dropTables: ["EBDT", "EBLC", "EBSC"],
    // Chromium embeds in each PDF a subset of this font by its glyph numbers: numbered anew, a
    // page's glyphs would get other numbers, and its PDF other bytes, whenever the run prints pages
    // with other characters beside it (a PDF printed again after a stopped run, or alone).
    retainGlyphIds: true,
  });
  const dir = await mkdtemp(path.join(tmpdir(), "touming-print-fonts-"));
  try {
    const fontFile = path.join(dir, "print.ttf");
    await writeFile(fontFile, subset);
    const conf = path.join(dir, "fonts.conf");
    await writeFile(conf, fontconfig(dir, fontFile));
    return {
      env: { FONTCONFIG_FILE: conf },
      bytes: subset.length,
      dispose: () => rm(dir, { recursive: true, force: true }),
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** The system's configuration, then the subset's directory, its family renamed when it is scanned. */
function fontconfig(dir: string, fontFile: string): string {
  const x = escapeHtml;
  return `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <cachedir>${x(path.join(dir, "cache"))}</cachedir>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>${x(dir)}</dir>
  <match target="scan">
    <test name="file"><string>${x(fontFile)}</string></test>
    <edit name="family" mode="assign_replace"><string>${PRINT_FAMILY}</string></edit>
  </match>
</fontconfig>
`;
}
