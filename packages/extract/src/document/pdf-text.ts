import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { DocumentTooLargeError } from "../errors.js";
import { MAX_PDF_MEMORY_MB, MAX_PDF_PAGES, MAX_TEXT_CHARS } from "../limits.js";
import { lastLine, runPiped } from "../ocr/piped-tool.js";
import { PDF_TEXT_SCRIPT } from "./pdf-text-script.js";

export interface PdfTextItem {
  text: string;
  /** Where the text starts on its baseline, in points from the page's bottom left. */
  x: number;
  y: number;
  width: number;
}

export interface PdfText {
  numPages: number;
  title: string | null;
  /** Text items of each page read: runs of characters on one baseline, in one font, without a wide gap. */
  pages: PdfTextItem[][];
  /** Each page's size as displayed, in points. */
  sizes: { width: number; height: number }[];
}

/** A character as the script prints it: its origin from the page's top left. */
interface Glyph {
  text: string;
  x: number;
  y: number;
  size: number;
  font: string;
  advance: number;
}

// Where a run of characters breaks, in parts of the font size, as pdf.js's text layer breaks them
// (its SPACE_IN_FLOW_MAX, SPACE_IN_FLOW_MIN and NEGATIVE_SPACE factors): a gap wider than a wide
// space starts a new item (table cells stay apart), a narrower one past a thin space is a space
// inside the item, and a step back starts a new item.
const NEW_ITEM_GAP = 0.6;
const SPACE_GAP = 0.102;
const STEP_BACK = -0.2;
/** MuPDF's name for a Type 3 font without one. */
const UNNAMED_TYPE3 = "Unnamed-T3";
/** Characters on baselines this close (points) are on one line. */
const SAME_BASELINE = 0.5;

/** A page's characters, in MuPDF's reading order, as items (see PdfText.pages). */
export function itemsOf(glyphs: readonly Glyph[], pageHeight: number): PdfTextItem[] {
  const items: PdfTextItem[] = [];
  let run: { text: string; x: number; y: number; end: number; size: number; font: string } | null = null;
  const flush = () => {
    if (run) items.push({ text: run.text, x: run.x, y: pageHeight - run.y, width: run.end - run.x });
    run = null;
  };
  for (const g of glyphs) {
    if (run) {
      const gap = g.x - run.end;
      // An unnamed Type 3 font (Chromium prints text so) breaks at any gap wider than a thin space:
      // its glyphs are drawn at size 1, scaled, so pdf.js's gaps in parts of that size were all wide.
      const newItemGap = g.font === UNNAMED_TYPE3 ? SPACE_GAP : NEW_ITEM_GAP;
      if (
        g.font !== run.font ||
        g.size !== run.size ||
        Math.abs(g.y - run.y) > SAME_BASELINE ||
        gap > newItemGap * g.size ||
        gap < STEP_BACK * g.size
      )
        flush();
      else if (gap > SPACE_GAP * g.size) run.text += " ";
    }
    run ??= { text: "", x: g.x, y: g.y, end: g.x, size: g.size, font: g.font };
    run.text += g.text;
    run.end = g.x + g.advance;
  }
  flush();
  return items;
}

/** Reads what the script printed (see pdf-text-script.ts). */
function parseOutput(out: string): PdfText & { truncated: boolean; repaired: boolean } {
  const text: PdfText & { truncated: boolean; repaired: boolean } = {
    numPages: 0,
    title: null,
    pages: [],
    sizes: [],
    truncated: false,
    repaired: false,
  };
  let glyphs: Glyph[] = [];
  const endPage = () => {
    const size = text.sizes.at(-1);
    if (size) text.pages.push(itemsOf(glyphs, size.height));
    glyphs = [];
  };
  let ended = false;
  for (const line of out.split("\n")) {
    const f = line.split("\t");
    switch (f[0]) {
      case "C":
        glyphs.push({
          text: f[1]!,
          x: Number(f[2]),
          y: Number(f[3]),
          size: Number(f[4]),
          font: f[5]!,
          advance: Number(f[6]),
        });
        break;
      case "P":
        endPage();
        text.sizes.push({ width: Number(f[1]), height: Number(f[2]) });
        break;
      case "D":
        text.numPages = Number(f[1]);
        text.title = (JSON.parse(f[2] ?? '""') as string) || null;
        break;
      case "X":
        text.truncated = true;
        break;
      case "R":
        text.repaired = true;
        break;
      case "E":
        ended = true;
        break;
    }
  }
  endPage();
  if (!ended && !text.truncated) throw new Error("the PDF reader stopped before the end of the file");
  return text;
}

/**
 * Whether the text of a PDF MuPDF had to repair is not text: mostly characters its fonts could not
 * map (U+FFFD), as a file cut short before its fonts gives. A repaired file whose text reads is read
 * (many real reports have a broken cross-reference table), and one without text goes on to the scan
 * check (a scan's pages are images).
 */
function unreadable(text: PdfText): boolean {
  let chars = 0;
  let unmapped = 0;
  for (const page of text.pages)
    for (const item of page)
      for (const c of item.text) {
        if (c === " ") continue;
        chars++;
        if (c === "\ufffd") unmapped++;
      }
  return unmapped > chars / 2;
}

/**
 * Whether MuPDF stopped for want of memory under the cap: MuJS says "out of memory", MuPDF's own
 * allocators "calloc (4104 x 1 bytes) failed" (or malloc, realloc).
 */
export function outOfMemory(stderr: string): boolean {
  return /out of memory|cannot allocate|\b(?:m|c|re)alloc\b/i.test(stderr);
}

/** Bytes the script prints per character at most (a line of figures); past this, the output is cut. */
const OUTPUT_BYTES_PER_CHAR = 120;

/**
 * The text items of a PDF's first MAX_PDF_PAGES pages, read by MuPDF (`mutool run`, Debian's
 * mupdf-tools) in a child process: a damaged or hostile file cannot end this process, its memory is
 * capped at MAX_PDF_MEMORY_MB, and it is killed when `signal` aborts. Throws DocumentTooLargeError
 * past MAX_TEXT_CHARS or the memory cap, `signal.reason` once it aborts, and Error when MuPDF cannot
 * read the file or is not installed. `alongside` runs in this process once MuPDF has started (a check
 * of the file's streams: see from-pdf.ts); what it throws stops MuPDF and is thrown.
 */
export async function readPdfText(
  bytes: Uint8Array,
  signal?: AbortSignal,
  alongside?: () => void,
): Promise<PdfText> {
  signal?.throwIfAborted();
  const dir = await mkdtemp(path.join(tmpdir(), "touming-pdf-"));
  try {
    const file = path.join(dir, "document.pdf");
    const script = path.join(dir, "read.js");
    await Promise.all([writeFile(file, bytes), writeFile(script, PDF_TEXT_SCRIPT)]);
    signal?.throwIfAborted();
    const stop = new AbortController();
    const stopWith = () => stop.abort(signal!.reason);
    signal?.addEventListener("abort", stopWith);
    const running = runPiped(
      {
        // The address space is capped by the shell before MuPDF starts (ulimit -v, in KiB).
        command: "/bin/sh",
        args: [
          "-c",
          'ulimit -v "$0" && exec mutool run "$@"',
          String(MAX_PDF_MEMORY_MB * 1024),
          script,
          file,
          String(MAX_PDF_PAGES),
          String(MAX_TEXT_CHARS),
        ],
        missing: "sh is not installed",
        maxOutputBytes: MAX_TEXT_CHARS * OUTPUT_BYTES_PER_CHAR,
        tooMuch: `the PDF has more than ${MAX_TEXT_CHARS} characters of text`,
      },
      new Uint8Array(0),
      stop.signal,
    );
    const settled = running.finally(() => signal?.removeEventListener("abort", stopWith));
    try {
      alongside?.();
    } catch (error) {
      stop.abort(error);
      await settled.catch(() => {});
      throw error;
    }
    const result = await settled;
    if (!result.ok) {
      if (result.code === 127) throw new Error("mutool is not installed (Debian: mupdf-tools)");
      if (outOfMemory(result.stderr))
        throw new DocumentTooLargeError(`the PDF needs more than ${MAX_PDF_MEMORY_MB} MB of memory to read`);
      throw new Error(`the PDF cannot be read: ${lastLine(result)}`);
    }
    const { truncated, repaired, ...text } = parseOutput(result.stdout.toString("utf8"));
    if (truncated)
      throw new DocumentTooLargeError(`the PDF has more than ${MAX_TEXT_CHARS} characters of text`);
    if (repaired && unreadable(text))
      throw new Error(
        "the PDF is damaged: its cross-references had to be rebuilt and its text cannot be read",
      );
    return text;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
