import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import type { Browser, BrowserServer } from "playwright-core";
import { PdfRenderError } from "../errors.js";
import { escapeHtml } from "./escape.js";

// Chromium on a closed network: no background traffic, no component updates, no sandbox as root.
const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
  "--disable-default-apps",
  "--disable-extensions",
  "--disable-breakpad",
  "--disable-crash-reporter",
];

/** Where Debian's chromium is; callers pass another path as the `chromium` option. */
export const DEFAULT_CHROMIUM = "/usr/bin/chromium";

export interface PdfRendererOptions {
  /** The Chromium executable (default DEFAULT_CHROMIUM). */
  chromium?: string;
  /**
   * Pages rendered at once: a whole number, 1 or more (default 1). One page at a time because with
   * two pages open at once, Debian's chromium 156 leaves a helper holding the browser's pipes after
   * close and Node cannot exit; raise it where that does not happen.
   */
  concurrency?: number;
}

/** Chromium stamps the current time into the PDF; replace it with the declared generation date (same length). */
export function pinPdfDates(pdf: Buffer, generatedOn: string): Buffer {
  const stamp = `D:${generatedOn.replace(/-/g, "")}000000`;
  const text = pdf.toString("latin1").replace(/D:\d{14}/g, stamp);
  return Buffer.from(text, "latin1");
}

/** One browser for a whole publish run, pages rendered a bounded number at a time. */
export class PdfRenderer {
  private browser: Browser | undefined;
  private server: BrowserServer | undefined;
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly executablePath: string;
  private readonly concurrency: number;

  /** Throws RangeError when `concurrency` is not a whole number of 1 or more (below 1, no page would ever render). */
  constructor({ chromium = DEFAULT_CHROMIUM, concurrency = 1 }: PdfRendererOptions = {}) {
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new RangeError(
        `PDF renderer: concurrency must be a whole number of 1 or more, got ${concurrency}`,
      );
    }
    this.executablePath = chromium;
    this.concurrency = concurrency;
  }

  private async open(): Promise<Browser> {
    if (this.browser) return this.browser;
    if (!existsSync(this.executablePath)) {
      throw new PdfRenderError(
        `Chromium not found at ${this.executablePath} (install Debian's chromium, or set TOUMING_CHROMIUM)`,
      );
    }
    try {
      // Loaded only when PDFs are wanted: playwright-core is most of the CLI's start-up memory.
      const { chromium } = await import("playwright-core");
      // launchServer + connect rather than launch: with launch, Chromium's helper processes keep the
      // debugging pipe open after close and Node never exits (seen with Debian's chromium 156).
      this.server = await chromium.launchServer({
        executablePath: this.executablePath,
        args: FLAGS,
        timeout: 60_000,
      });
      this.browser = await chromium.connect(this.server.wsEndpoint());
    } catch (error) {
      await this.server?.close().catch(() => {});
      throw new PdfRenderError(
        `Chromium at ${this.executablePath} did not start: ${(error as Error).message.split("\n")[0]}`,
        { cause: error },
      );
    }
    return this.browser;
  }

  /** Renders an HTML file to an A4 PDF with "agency · year" and "page X / Y" in the margins. */
  async render(htmlFile: string, header: string, generatedOn: string): Promise<Buffer> {
    while (this.active >= this.concurrency) await new Promise<void>((r) => this.waiting.push(r));
    this.active++;
    try {
      const browser = await this.open();
      const context = await browser.newContext();
      const page = await context.newPage();
      try {
        await page.goto(pathToFileURL(htmlFile).toString(), { waitUntil: "load", timeout: 60_000 });
        const pdf = await page.pdf({
          format: "A4",
          printBackground: true,
          displayHeaderFooter: true,
          headerTemplate: `<div style="font-size:8px;width:100%;padding:0 14mm;color:#666;font-family:'Noto Sans CJK SC',sans-serif">${escapeHtml(header)}</div>`,
          footerTemplate: `<div style="font-size:8px;width:100%;text-align:center;color:#666;font-family:'Noto Sans CJK SC',sans-serif">第 <span class="pageNumber"></span> / <span class="totalPages"></span> 页</div>`,
          margin: { top: "18mm", bottom: "16mm", left: "14mm", right: "14mm" },
        });
        return pinPdfDates(pdf, generatedOn);
      } finally {
        await context.close();
      }
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }

  async close(): Promise<void> {
    await this.browser?.close().catch(() => {});
    const proc = this.server?.process();
    await this.server?.close().catch(() => {});
    if (proc && proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
    this.browser = undefined;
    this.server = undefined;
  }
}
