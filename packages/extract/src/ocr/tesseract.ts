import { spawn } from "node:child_process";
import { MAX_OCR_OUTPUT_BYTES } from "./ocr-limits.js";
import { StreamingEngine } from "./engine-process.js";

/** Text read somewhere on an image: its text, confidence (0..1) and box in the image's pixels. */
export interface ReadText {
  text: string;
  confidence: number;
  left: number;
  top: number;
  width: number;
  height: number;
}

/** One word as the engine read it. */
export interface OcrWord extends ReadText {
  /** The engine's line the word is on (block.paragraph.line), to keep a row's words together. */
  line: string;
}

/** A greyscale image, one byte a pixel, row by row. */
export interface GreyImage {
  width: number;
  height: number;
  pixels: Uint8Array;
}

/** TIFF tags of a one-strip, uncompressed, 8-bit greyscale image, in the ascending order TIFF requires. */
const TIFF_TAGS = {
  imageWidth: 256,
  imageLength: 257,
  bitsPerSample: 258,
  compression: 259,
  photometric: 262,
  stripOffsets: 273,
  samplesPerPixel: 277,
  rowsPerStrip: 278,
  stripByteCounts: 279,
} as const;
const TIFF_SHORT = 3;
const TIFF_LONG = 4;

/**
 * The image as an uncompressed greyscale TIFF, its header and its pixels (not copied). The engine's
 * image library reads a TIFF's strip whole; a binary PGM it reads a byte at a time (0.2 s of CPU for
 * an A4 page at 300 dpi, read the same).
 */
export function toTiff(image: GreyImage): Uint8Array[] {
  const { width, height } = image;
  // Little-endian header (8 bytes), then the one directory: its count, 12 bytes an entry, no next.
  const headerBytes = 8 + 2 + Object.keys(TIFF_TAGS).length * 12 + 4;
  const entries: [tag: number, type: number, value: number][] = [
    [TIFF_TAGS.imageWidth, TIFF_LONG, width],
    [TIFF_TAGS.imageLength, TIFF_LONG, height],
    [TIFF_TAGS.bitsPerSample, TIFF_SHORT, 8],
    [TIFF_TAGS.compression, TIFF_SHORT, 1],
    // 1: black is zero.
    [TIFF_TAGS.photometric, TIFF_SHORT, 1],
    // The pixels follow the header.
    [TIFF_TAGS.stripOffsets, TIFF_LONG, headerBytes],
    [TIFF_TAGS.samplesPerPixel, TIFF_SHORT, 1],
    [TIFF_TAGS.rowsPerStrip, TIFF_LONG, height],
    [TIFF_TAGS.stripByteCounts, TIFF_LONG, width * height],
  ];
  const header = Buffer.alloc(headerBytes);
  header.write("II", 0, "latin1");
  header.writeUInt16LE(42, 2);
  header.writeUInt32LE(8, 4);
  header.writeUInt16LE(entries.length, 8);
  entries.forEach(([tag, type, value], i) => {
    const at = 10 + i * 12;
    header.writeUInt16LE(tag, at);
    header.writeUInt16LE(type, at + 2);
    header.writeUInt32LE(1, at + 4);
    if (type === TIFF_SHORT) header.writeUInt16LE(value, at + 8);
    else header.writeUInt32LE(value, at + 8);
  });
  return [header, image.pixels];
}

/** Words of Tesseract's TSV output (level 5 rows); empty words and the -1 confidences of blocks are left out. */
export function parseTsv(tsv: string): OcrWord[] {
  const words: OcrWord[] = [];
  for (const row of tsv.split("\n")) {
    const c = row.split("\t");
    if (c.length < 12 || c[0] !== "5") continue;
    const text = c.slice(11).join("\t").trim();
    const confidence = Number(c[10]);
    if (!text || !(confidence >= 0)) continue;
    words.push({
      text,
      confidence: Math.min(1, confidence / 100),
      left: Number(c[6]),
      top: Number(c[7]),
      width: Number(c[8]),
      height: Number(c[9]),
      line: `${c[2]}.${c[3]}.${c[4]}`,
    });
  }
  return words;
}

const ENGINE_ENV = {
  // One page per core: the scheduler runs extract workers side by side; OpenMP threads would fight them.
  OMP_THREAD_LIMIT: "1",
};

/** The engines kept running, one for each way of reading (model, page mode, resolution). */
const engines = new Map<string, StreamingEngine>();

/**
 * Reads a greyscale page with Tesseract and its Simplified Chinese model, as one block of text
 * (`--psm 6`: the page is cleaned of ruling lines first, so table rows read as lines), and returns its
 * words. The engine is kept running between images (see StreamingEngine); stopped at `signal`.
 * Throws OcrUnavailableError when the engine or its model is missing.
 */
export async function readWords(
  image: GreyImage,
  dpi: number,
  signal?: AbortSignal,
  mode: "text" | "sparse" | "digits" = "text",
): Promise<OcrWord[]> {
  signal?.throwIfAborted();
  // text: one block (`--psm 6`); sparse: text in any order (`--psm 11`), which reads a lone table row
  // that `6` returns nothing for; digits: the English model limited to digits, a second opinion.
  const model = {
    text: ["-l", "chi_sim", "--psm", "6"],
    sparse: ["-l", "chi_sim", "--psm", "11"],
    digits: ["-l", "eng", "--psm", "6", "-c", "tessedit_char_whitelist=0123456789."],
  }[mode];
  const args = [...model, "--dpi", String(Math.round(dpi))];
  const key = args.join(" ");
  let engine = engines.get(key);
  if (!engine) {
    engine = new StreamingEngine({
      command: "tesseract",
      args,
      env: ENGINE_ENV,
      missing: "tesseract is not installed (Debian: tesseract-ocr, tesseract-ocr-chi-sim)",
      modelMissing: "the OCR model is missing (Debian: tesseract-ocr-chi-sim, tesseract-ocr-eng)",
      maxOutputBytes: MAX_OCR_OUTPUT_BYTES,
      tooMuch: "the OCR engine read more than 8 MB of words on one page",
    });
    engines.set(key, engine);
  }
  return parseTsv(await engine.read(toTiff(image), signal));
}

let version: Promise<string> | undefined;

/** `tesseract 5.3.0 chi_sim`: what read the words, for the record of every OCR value. */
export function engineName(): Promise<string> {
  version ??= new Promise((resolve) => {
    const child = spawn("tesseract", ["--version"], { stdio: ["ignore", "pipe", "pipe"] });
    let text = "";
    child.stdout.on("data", (c: Buffer) => (text += c.toString()));
    child.stderr.on("data", (c: Buffer) => (text += c.toString()));
    child.on("error", () => resolve("tesseract chi_sim"));
    child.on("close", () => resolve(`${/tesseract\s+[\d.]+/.exec(text)?.[0] ?? "tesseract"} chi_sim`));
  });
  return version;
}
