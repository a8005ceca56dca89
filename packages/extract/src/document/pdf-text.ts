import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { DocumentTooLargeError } from "../errors.js";
import { MAX_PDF_HEAP_MB, MAX_PDF_PAGES, MAX_TEXT_CHARS } from "../limits.js";
import type { PdfTextItem, PdfTextJob, PdfTextMessage } from "./pdf-text-worker.js";

export type { PdfTextItem } from "./pdf-text-worker.js";

export interface PdfText {
  numPages: number;
  title: string | null;
  /** Text items of each page read, in pdf.js's order. */
  pages: PdfTextItem[][];
}

function pdfjsAssets(): { cMapUrl: string; standardFontDataUrl: string } {
  // Fonts and CJK CMaps ship inside pdfjs-dist: read from the package, never downloaded.
  const root = path.dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));
  return { cMapUrl: `${root}/cmaps/`, standardFontDataUrl: `${root}/standard_fonts/` };
}

function workerFile(): URL {
  const here = import.meta.url;
  if (!here.endsWith(".ts")) return new URL("./pdf-text-worker.js", here);
  // Tests run the sources, and a worker thread gets no TypeScript transform: the worker runs from
  // its own .ts where Node strips types (22.18 on), and from the build before that.
  const file = process.features.typescript
    ? "./pdf-text-worker.ts"
    : "../../dist/document/pdf-text-worker.js";
  return new URL(file, here);
}

/**
 * The text items of a PDF's first MAX_PDF_PAGES pages, read by pdf.js in a worker thread: a
 * damaged file cannot end the process (pdf.js leaves promises unhandled), exhaust its memory (the
 * worker's heap is capped at MAX_PDF_HEAP_MB) or outlive `signal` (the worker is terminated, even
 * in the middle of a synchronous loop). Throws DocumentTooLargeError past MAX_TEXT_CHARS or the
 * heap cap, `signal.reason` once it aborts, and Error when pdf.js cannot read the file.
 */
export function readPdfText(bytes: Uint8Array, signal?: AbortSignal): Promise<PdfText> {
  signal?.throwIfAborted();
  const job: PdfTextJob = {
    bytes: new Uint8Array(bytes),
    maxPages: MAX_PDF_PAGES,
    maxChars: MAX_TEXT_CHARS,
    ...pdfjsAssets(),
  };
  const worker = new Worker(workerFile(), {
    workerData: job,
    transferList: [job.bytes.buffer as ArrayBuffer],
    resourceLimits: { maxOldGenerationSizeMb: MAX_PDF_HEAP_MB },
  });
  return new Promise<PdfText>((resolve, reject) => {
    const pages: PdfTextItem[][] = [];
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      outcome();
      void worker.terminate();
    };
    const onAbort = () => settle(() => reject(signal!.reason));
    signal?.addEventListener("abort", onAbort);
    worker.on("message", (message: PdfTextMessage) => {
      if (message.kind === "page") pages.push(message.items);
      else if (message.kind === "done") {
        settle(() => resolve({ numPages: message.numPages, title: message.title, pages }));
      } else if (message.kind === "too_large")
        settle(() => reject(new DocumentTooLargeError(message.message)));
      else settle(() => reject(new Error(message.message)));
    });
    worker.on("error", (error: NodeJS.ErrnoException) => {
      settle(() =>
        reject(
          error.code === "ERR_WORKER_OUT_OF_MEMORY"
            ? new DocumentTooLargeError(`the PDF needs more than ${MAX_PDF_HEAP_MB} MB of memory to read`)
            : error,
        ),
      );
    });
    worker.on("exit", (code) =>
      settle(() => reject(new Error(`the PDF reader stopped (exit code ${code})`))),
    );
  });
}
