import { createRequire } from "node:module";
import path from "node:path";
import { DocumentTooLargeError } from "../errors.js";
import { MAX_PDF_HEAP_MB, MAX_PDF_PAGES, MAX_TEXT_CHARS } from "../limits.js";
import type { PdfTextItem, PdfTextJob, PdfTextMessage } from "./pdf-text-worker.js";
import { givePdfThreadBack, retirePdfThread, takePdfThread } from "./pdf-text-threads.js";

export type { PdfTextItem } from "./pdf-text-worker.js";

export interface PdfText {
  numPages: number;
  title: string | null;
  /** Text items of each page read, in pdf.js's order. */
  pages: PdfTextItem[][];
  /** Each page's size as displayed, in points. */
  sizes: { width: number; height: number }[];
}

let assets: { cMapUrl: string; standardFontDataUrl: string } | undefined;
function pdfjsAssets(): { cMapUrl: string; standardFontDataUrl: string } {
  // Fonts and CJK CMaps ship inside pdfjs-dist: read from the package, never downloaded.
  if (!assets) {
    const root = path.dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));
    assets = { cMapUrl: `${root}/cmaps/`, standardFontDataUrl: `${root}/standard_fonts/` };
  }
  return assets;
}

let lastId = 0;

/**
 * The text items of a PDF's first MAX_PDF_PAGES pages, read by pdf.js in a worker thread (kept
 * alive for the next PDF: see pdf-text-threads.ts): a damaged file cannot end the process (pdf.js
 * leaves promises unhandled), exhaust its memory (the thread's heap is capped at MAX_PDF_HEAP_MB) or
 * outlive `signal` (the thread is terminated, even in the middle of a synchronous loop). A thread
 * is reused only after a PDF it read to the end. Throws DocumentTooLargeError past MAX_TEXT_CHARS or
 * the heap cap, `signal.reason` once it aborts, and Error when pdf.js cannot read the file.
 */
export function readPdfText(bytes: Uint8Array, signal?: AbortSignal): Promise<PdfText> {
  signal?.throwIfAborted();
  const id = ++lastId;
  const job: PdfTextJob = {
    bytes: new Uint8Array(bytes),
    maxPages: MAX_PDF_PAGES,
    maxChars: MAX_TEXT_CHARS,
    ...pdfjsAssets(),
  };
  const thread = takePdfThread();
  const { worker } = thread;
  return new Promise<PdfText>((resolve, reject) => {
    const pages: PdfTextItem[][] = [];
    const sizes: PdfText["sizes"] = [];
    let settled = false;
    const settle = (outcome: () => void, reusable = false) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      worker.off("message", onMessage).off("error", onError).off("exit", onExit);
      if (reusable) givePdfThreadBack(thread);
      else retirePdfThread(thread);
      outcome();
    };
    const onAbort = () => settle(() => reject(signal!.reason));
    signal?.addEventListener("abort", onAbort);
    const onMessage = (message: PdfTextMessage & { id: number }) => {
      if (message.id !== id) return;
      if (message.kind === "page") {
        pages.push(message.items);
        sizes.push({ width: message.width, height: message.height });
      } else if (message.kind === "done") {
        settle(() => resolve({ numPages: message.numPages, title: message.title, pages, sizes }), true);
      } else if (message.kind === "too_large")
        settle(() => reject(new DocumentTooLargeError(message.message)));
      else settle(() => reject(new Error(message.message)));
    };
    const onError = (error: NodeJS.ErrnoException) => {
      settle(() =>
        reject(
          error.code === "ERR_WORKER_OUT_OF_MEMORY"
            ? new DocumentTooLargeError(`the PDF needs more than ${MAX_PDF_HEAP_MB} MB of memory to read`)
            : error,
        ),
      );
    };
    const onExit = (code: number) =>
      settle(() => reject(new Error(`the PDF reader stopped (exit code ${code})`)));
    worker.on("message", onMessage).on("error", onError).on("exit", onExit);
    worker.postMessage({ id, job }, [job.bytes.buffer as ArrayBuffer]);
  });
}
