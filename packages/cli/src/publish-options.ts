import type { Rubric } from "@touming/grade";
import type { PdfYears, PublishOptions } from "@touming/publish";
import type { PublishSettings } from "./settings.js";

/** Today in China (the date printed on cards), unless the user declares one. */
export function generationDate(now: Date, declared?: string): string {
  if (declared) {
    // A round trip, because Date.parse rolls 2024-02-30 over to March instead of refusing it.
    const parsed = Date.parse(`${declared}T00:00:00Z`);
    if (
      !/^\d{4}-\d{2}-\d{2}$/.test(declared) ||
      Number.isNaN(parsed) ||
      new Date(parsed).toISOString().slice(0, 10) !== declared
    ) {
      throw new Error(`--date: expected YYYY-MM-DD, got "${declared}"`);
    }
    return declared;
  }
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: "Asia/Shanghai",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(now);
}

/** The `--pdf-years` option's help, the same in every command that publishes. */
export const PDF_YEARS_HELP =
  'the report years whose cards and summaries get PDFs: "newest" (default: the newest year published), "all", or years such as 2023,2024 or 2019-2024';

/** Parses `--pdf-years`: "newest", "all", or years and ranges separated by commas. */
export function parsePdfYears(text: string): PdfYears {
  const value = text.trim();
  if (value === "newest" || value === "all") return value;
  const years = new Set<number>();
  for (const part of value.split(",")) {
    const m = /^\s*(\d{4})\s*(?:-\s*(\d{4})\s*)?$/.exec(part);
    const from = Number(m?.[1]);
    const to = Number(m?.[2] ?? m?.[1]);
    if (!m || from < 2000 || to < from || to - from > 100) {
      throw new Error(
        `--pdf-years: expected "newest", "all" or years such as 2023,2024 or 2019-2024, got "${text}"`,
      );
    }
    for (let y = from; y <= to; y++) years.add(y);
  }
  return [...years].sort((a, b) => a - b);
}

/** What `publish`, `run`, `demo` and `schedule` say about publishing. */
export interface PublishCommandOptions {
  out: string;
  pdf: boolean;
  /** Only this report year. */
  year?: number;
  /** The report years whose cards and summaries get PDFs (default "newest"). */
  pdfYears?: PdfYears;
  /** The generation date printed on the output (default: today in Asia/Shanghai). */
  date?: string;
}

/**
 * The publish stage's options from a command's, its settings (Chromium, pages at once, the issuing
 * office) and the time now.
 */
export function publishOptions(
  rubric: Rubric,
  options: PublishCommandOptions,
  settings: PublishSettings,
  now: Date,
): PublishOptions {
  return {
    outDir: options.out,
    rubric,
    pdf: options.pdf,
    generatedOn: generationDate(now, options.date),
    chromiumPath: settings.chromium,
    pdfPages: settings.pdfPages,
    ...(settings.office ? { office: settings.office } : {}),
    ...(options.year !== undefined ? { year: options.year } : {}),
    ...(options.pdfYears !== undefined ? { pdfYears: options.pdfYears } : {}),
  };
}
