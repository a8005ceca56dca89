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

/** The image as binary PGM, its header and its pixels (not copied): leptonica reads it with no decoding. */
export function toPgm(image: GreyImage): Uint8Array[] {
  return [Buffer.from(`P5\n${image.width} ${image.height}\n255\n`, "latin1"), image.pixels];
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
  return parseTsv(await engine.read(toPgm(image), signal));
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
