import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { escapeHtml } from "./escape.js";
import { subsetFont } from "./font-subset.js";
import { PRINT_FACES } from "./print-font-faces.js";

/*
 * Why a subset of a TrueType-outline font: Chromium's PDF backend (Skia) embeds TrueType outlines as
 * CID TrueType subsets, but writes every glyph of a CFF-outline font (Debian's Noto Sans CJK) as a
 * Type 3 font: 320–370 KB per card, text poorly extractable, and slow. It also subsets the whole font
 * for each PDF a page uses it in, at a cost that grows with the font's glyphs: a 16 MB font costs
 * ~70 ms a PDF, hence the faces of `PRINT_FACES`, each of a few thousand glyphs.
 */

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

/** A directory holding the run's print fonts and the fontconfig configuration that names them. */
export interface PrintFonts {
  /** The environment Chromium is started with (`FONTCONFIG_FILE`). */
  env: Record<string, string>;
  /** The faces' files, by family (a face with no character is not written). */
  files: ReadonlyMap<string, string>;
  /** Their size in bytes, all together. */
  bytes: number;
  /** Removes the directory. */
  dispose(): Promise<void>;
}

/** The fixed faces cut in this process, by font file, face, file version and family. */
const FIXED_CUTS = new Map<string, Promise<Buffer>>();

/**
 * Writes the faces of `PRINT_FACES` cut from `face` (embedded bitmaps left out) into a new temporary
 * directory, with a fontconfig file that includes the system's configuration and gives each file its
 * face's family. The fixed faces are the same files in every run; the last holds those of
 * `codePoints` no fixed face holds, each glyph keeping its number in `face` (Chromium embeds a PDF's
 * glyphs by their numbers: numbered anew, a page's rare glyphs would get other numbers, and its PDF
 * other bytes, whenever the run prints pages with other characters beside it — a PDF printed again
 * after a stopped run, or alone). Throws when the font cannot be read or subset.
 */
export async function preparePrintFonts(face: FontFace, codePoints: Iterable<number>): Promise<PrintFonts> {
  const { mtimeMs, size } = await stat(face.file);
  let font: Promise<Buffer> | undefined;
  const cut = (points: Iterable<number>, retainGlyphIds: boolean) =>
    (font ??= readFile(face.file)).then((bytes) =>
      subsetFont({
        font: bytes,
        index: face.index,
        codePoints: points,
        dropTables: ["EBDT", "EBLC", "EBSC"],
        retainGlyphIds,
      }),
    );
  const faces = PRINT_FACES.map((f) => ({ family: f.family, characters: f.characters() }));
  const rest = [...new Set(codePoints)].filter((point) => !faces.some((f) => f.characters?.has(point)));
  const cuts: { family: string; bytes: Buffer }[] = [];
  for (const { family, characters } of faces) {
    if (characters) {
      // A fixed face is the same in every run: cut once per process (a render worker prints batch
      // after batch), again if the font file changed.
      const key = `${face.file}\n${face.index}\n${mtimeMs}\n${size}\n${family}`;
      const bytes = FIXED_CUTS.get(key) ?? cut(characters, false);
      FIXED_CUTS.set(key, bytes);
      bytes.catch(() => FIXED_CUTS.delete(key));
      cuts.push({ family, bytes: await bytes });
    } else if (rest.length > 0) cuts.push({ family, bytes: await cut(rest, true) });
  }
  const dir = await mkdtemp(path.join(tmpdir(), "touming-print-fonts-"));
  try {
    const files = new Map<string, string>();
    for (const [i, cut] of cuts.entries()) {
      const file = path.join(dir, `print-${i + 1}.ttf`);
      await writeFile(file, cut.bytes);
      files.set(cut.family, file);
    }
    const conf = path.join(dir, "fonts.conf");
    await writeFile(conf, fontconfig(dir, files));
    return {
      env: { FONTCONFIG_FILE: conf },
      files,
      bytes: cuts.reduce((sum, cut) => sum + cut.bytes.length, 0),
      dispose: () => rm(dir, { recursive: true, force: true }),
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** The system's configuration, then the faces' directory, each file's family renamed when it is scanned. */
function fontconfig(dir: string, files: ReadonlyMap<string, string>): string {
  const x = escapeHtml;
  const renames = [...files].map(
    ([family, file]) => `  <match target="scan">
    <test name="file"><string>${x(file)}</string></test>
    <edit name="family" mode="assign_replace"><string>${x(family)}</string></edit>
  </match>
`,
  );
  return `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <cachedir>${x(path.join(dir, "cache"))}</cachedir>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>${x(dir)}</dir>
${renames.join("")}</fontconfig>
`;
}
