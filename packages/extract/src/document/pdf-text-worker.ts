// Runs pdf.js on one PDF in a worker thread and posts its text items page by page (see
// pdf-text.ts). Self-contained, with no relative imports, so that Node runs it from the compiled
// .js and, in tests, from this .ts source alike.
import { parentPort, workerData } from "node:worker_threads";
import type { TextContent } from "pdfjs-dist/types/src/display/api.js";

export interface PdfTextJob {
  bytes: Uint8Array;
  maxPages: number;
  maxChars: number;
  cMapUrl: string;
  standardFontDataUrl: string;
}

export interface PdfTextItem {
  text: string;
  x: number;
  y: number;
  width: number;
}

export type PdfTextMessage =
  | { kind: "page"; items: PdfTextItem[] }
  | { kind: "done"; numPages: number; title: string | null }
  | { kind: "too_large"; message: string }
  | { kind: "failed"; message: string };

// pdf.js leaves some promises of a damaged file unhandled (Catalog.getPageDict caches page fetches
// it may never await). In the main thread Node would end the process on the first; this thread
// only reads one PDF, so they are ignored here and the reading goes on or fails on its own.
process.on("unhandledRejection", () => {});

const post = (message: PdfTextMessage) => parentPort!.postMessage(message);

async function read(job: PdfTextJob): Promise<void> {
  const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
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
      post({ kind: "page", items });
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
  read(workerData as PdfTextJob).catch((error: unknown) =>
    post({ kind: "failed", message: error instanceof Error ? error.message : String(error) }),
  );
}
