import { readFile, stat } from "node:fs/promises";
import path from "node:path";
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

/** What a printer is told besides the pages. */
export interface PdfPrintContext {
  outDir: string;
  /** The date printed on every page (YYYY-MM-DD). */
  generatedOn: string;
  /** Chromium, tabs at once. */
  renderer: PdfRendererOptions;
  /** Once aborted, no new page is started. */
  signal: AbortSignal;
}

/**
 * Prints pages as PDFs next to them, calling `printed` as each PDF is written: this process's
 * Chromium (`printPdfsHere`, the default), or render workers on other machines sharing `outDir`
 * (`@touming/workers`). The seam publish's PDFs go through.
 */
export type PdfPrinter = (
  jobs: readonly PdfJob[],
  context: PdfPrintContext,
  printed: (job: PdfJob, written: Written) => Promise<void>,
) => Promise<void>;

/**
 * Prints the pages with one browser: the print font holds every character the pages and their
 * margin lines use. Pages are read from disk, so any process that sees `outDir` can print them.
 */
export const printPdfsHere: PdfPrinter = async (jobs, context, printed) => {
  if (jobs.length === 0) return;
  const characters = codePointsOf(jobs.map((job) => job.header));
  for (const job of jobs) for (const c of await readFile(job.file, "utf8")) characters.add(c.codePointAt(0)!);
  const renderer = new PdfRenderer({ ...context.renderer, root: context.outDir, characters });
  try {
    await Promise.all(
      jobs.map(async (job) => {
        if (context.signal.aborted) return;
        const pdf = await renderer.render(job.file, job.header, context.generatedOn);
        await printed(job, await writeIfChanged(context.outDir, pdfOf(job.file), pdf));
      }),
    );
  } finally {
    await renderer.close();
  }
};

/** Where a page is under `outDir`, with forward slashes: how a job names it to another machine. */
export function pagePathIn(outDir: string, file: string): string {
  return path.relative(outDir, file).split(path.sep).join("/");
}

/**
 * The PDFs of the pages the outputs write: queued as each page is written, printed after every
 * output finished. A page that did not change keeps its PDF unless that is missing.
 */
export class PdfQueue {
  private readonly jobs: PdfJob[] = [];

  constructor(
    /** False: no PDFs at all (nothing is queued). */
    private readonly enabled: boolean,
    private readonly renderer: PdfRendererOptions,
    private readonly printer: PdfPrinter = printPdfsHere,
  ) {}

  /** Queues the page's PDF when the page changed or has none. */
  async add(page: Written, job: PdfJob): Promise<void> {
    if (!this.enabled) return;
    if (page.changed || !(await stat(pdfOf(job.file)).catch(() => null))) this.jobs.push(job);
  }

  /** Prints every queued page (none once the run is stopped), writing and recording each PDF. */
  async render(run: PublishRun): Promise<void> {
    if (this.jobs.length === 0) return;
    const context = {
      outDir: run.outDir,
      generatedOn: run.generatedOn,
      renderer: this.renderer,
      signal: run.signal,
    };
    await this.printer(this.jobs, context, async (job, written) => {
      await run.record(written, { kind: job.kind, agencyId: job.agencyId, year: job.year });
      run.summary.pdfs++;
    });
  }
}
