// Runs pdf.js in a worker thread and posts the text items of each PDF it is sent, page by page (see
// pdf-text.ts). The thread lives on from one PDF to the next: loading pdf.js and warming it up cost
// far more than reading a report's pages. Self-contained, with no relative imports, so that Node runs
// it from the compiled .js and, in tests, from this .ts source alike.
import { parentPort } from "node:worker_threads";
import type * as Pdfjs from "pdfjs-dist/legacy/build/pdf.mjs";
import type { TextContent } from "pdfjs-dist/types/src/display/api.js";

export interface PdfTextJob {
  bytes: Uint8Array;
  maxPages: number;
  maxChars: number;
  cMapUrl: string;
  standardFontDataUrl: string;
}

/** What the thread is sent: one PDF to read, `id` naming it in every message back. */
export interface PdfTextRequest {
  id: number;
  job: PdfTextJob;
}

export interface PdfTextItem {
  text: string;
  x: number;
  y: number;
  width: number;
}

export type PdfTextMessage =
  | { kind: "page"; items: PdfTextItem[]; width: number; height: number }
  | { kind: "done"; numPages: number; title: string | null }
  | { kind: "too_large"; message: string }
  | { kind: "failed"; message: string };

// pdf.js leaves some promises of a damaged file unhandled (Catalog.getPageDict caches page fetches
// it may never await). In the main thread Node would end the process on the first; here they are
// ignored and the reading goes on or fails on its own (pdf-text.ts retires a thread after a failure).
process.on("unhandledRejection", () => {});

// Imported once per thread, on the first PDF.
let pdfjs: Promise<typeof Pdfjs> | undefined;

async function read(job: PdfTextJob, post: (message: PdfTextMessage) => void): Promise<void> {
  pdfjs ??= import("pdfjs-dist/legacy/build/pdf.mjs");
  const { getDocument } = await pdfjs;
  const task = getDocument({
    data: job.bytes,
    cMapUrl: job.cMapUrl,
    standardFontDataUrl: job.standardFontDataUrl,
    cMapPacked: true,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  });
  try {
    const doc = await task.promise;
    let chars = 0;
    for (let p = 1; p <= Math.min(doc.numPages, job.maxPages); p++) {
      const page = await doc.getPage(p);
      // Streamed in chunks, not awaited whole, so that a page of millions of characters stops early.
      const reader = (page.streamTextContent() as ReadableStream<TextContent>).getReader();
      const items: PdfTextItem[] = [];
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        for (const raw of chunk.value.items) {
          if (!("str" in raw) || !raw.str.trim()) continue;
          items.push({ text: raw.str, x: raw.transform[4], y: raw.transform[5], width: raw.width });
          chars += raw.str.trim().length;
        }
        if (chars > job.maxChars) {
          // pdf.js wants a reason; without one the cancel fails and destroy() waits forever.
          await reader.cancel(new Error("too much text"));
          post({ kind: "too_large", message: `the PDF has more than ${job.maxChars} characters of text` });
          return;
        }
      }
      // The page's size as displayed (its rotation applied), in points: what a rendering of it covers.
      const { width, height } = page.getViewport({ scale: 1 });
      post({ kind: "page", items, width, height });
      page.cleanup();
    }
    const info = (await doc.getMetadata().catch(() => null))?.info as { Title?: unknown } | undefined;
    post({
      kind: "done",
      numPages: doc.numPages,
      title: typeof info?.Title === "string" ? info.Title : null,
    });
  } finally {
    await task.destroy();
  }
}

if (parentPort) {
  const port = parentPort;
  // One PDF at a time: pdf-text.ts sends the next only after the last message of the one before.
  port.on("message", ({ id, job }: PdfTextRequest) => {
    const post = (message: PdfTextMessage) => port.postMessage({ id, ...message });
    read(job, post).catch((error: unknown) =>
      post({ kind: "failed", message: error instanceof Error ? error.message : String(error) }),
    );
  });
}
