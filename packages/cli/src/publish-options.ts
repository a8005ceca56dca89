import type { Rubric } from "@touming/grade";
import type { PublishOptions } from "@touming/publish";
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

/** What `publish`, `run`, `demo` and `schedule` say about publishing. */
export interface PublishCommandOptions {
  out: string;
  pdf: boolean;
  /** Only this report year. */
  year?: number;
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
  };
}
