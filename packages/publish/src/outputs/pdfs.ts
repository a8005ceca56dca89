import { readFile, stat } from "node:fs/promises";
import { type Written, pdfOf, writeIfChanged } from "../output-files.js";
import type { PublishRun } from "../output.js";
import { PdfRenderer, type PdfRendererOptions } from "../render/pdf-renderer.js";
import { codePointsOf } from "../render/print-fonts.js";

/** An HTML page to print as a PDF next to it. */
export interface PdfJob {
  /** The page, absolute. */
  file: string;
  /** The line atop every printed page. */
  header: string;
  /** How the PDF is recorded in `publications`. */
  kind: string;
  agencyId: string | null;
  year: number | null;
}

/**
 * The PDFs of the pages the outputs write: queued as each page is written, printed with one browser
 * after every output finished. A page that did not change keeps its PDF unless that is missing.
 */
export class PdfQueue {
  private readonly jobs: PdfJob[] = [];

  constructor(
    /** False: no PDFs at all (nothing is queued). */
    private readonly enabled: boolean,
    private readonly renderer: PdfRendererOptions,
  ) {}

  /** Queues the page's PDF when the page changed or has none. */
  async add(page: Written, job: PdfJob): Promise<void> {
    if (!this.enabled) return;
    if (page.changed || !(await stat(pdfOf(job.file)).catch(() => null))) this.jobs.push(job);
  }

  /** Prints every queued page (none once the run is stopped), writing and recording each PDF. */
  async render(run: PublishRun): Promise<void> {
    if (this.jobs.length === 0) return;
    // The print font holds every character the queued pages and their margin lines use.
    const characters = codePointsOf(this.jobs.map((job) => job.header));
    for (const job of this.jobs)
      for (const c of await readFile(job.file, "utf8")) characters.add(c.codePointAt(0)!);
    const renderer = new PdfRenderer({ ...this.renderer, root: run.outDir, characters });
    try {
      await Promise.all(
        this.jobs.map(async (job) => {
          if (run.signal.aborted) return;
          const pdf = await renderer.render(job.file, job.header, run.generatedOn);
          const written = await writeIfChanged(run.outDir, pdfOf(job.file), pdf);
          await run.record(written, { kind: job.kind, agencyId: job.agencyId, year: job.year });
          run.summary.pdfs++;
        }),
      );
    } finally {
      await renderer.close();
    }
  }
}
