import { isCellNumber, isHttpUrl, isIsoDate } from "@touming/grade";
import { isCorrectableValueKey, reviewFact } from "@touming/vocabulary";
import type { ByOptions } from "./options.js";

/**
 * The correction `touming review correct` records, from its options. Apart from correct-fact.ts
 * (the command's definition) because it needs @touming/grade, loaded only when the command runs.
 */

/** The options of `review correct`: exactly one of the three kinds of correction, with its evidence. */
export interface CorrectOptions extends ByOptions {
  publishDate?: string;
  evidence?: string;
  agencyOfReport?: string;
  cell?: string;
  source?: string;
}

/** The one correction the options say (the fact, its right value, what shows it), or a refusal naming the option. */
export function correctionOf(options: CorrectOptions): {
  fact: string;
  value: string;
  evidence: string | null;
} {
  const kinds = [options.publishDate, options.agencyOfReport, options.cell].filter((o) => o !== undefined);
  if (kinds.length !== 1)
    throw new Error(
      "expected one of --publish-date, --agency-of-report or --cell (one correction at a time)",
    );
  if (options.publishDate !== undefined) {
    if (!isIsoDate(options.publishDate))
      throw new Error(
        `--publish-date: expected a date YYYY-MM-DD, e.g. 2025-01-20, got "${options.publishDate}"`,
      );
    if (!options.evidence || !isHttpUrl(options.evidence))
      throw new Error("--evidence: expected the http(s) URL that shows the publish date");
    return { fact: reviewFact.publishDate, value: options.publishDate, evidence: options.evidence };
  }
  if (options.agencyOfReport !== undefined) {
    if (options.evidence !== undefined && !isHttpUrl(options.evidence))
      throw new Error("--evidence: expected an http(s) URL");
    return { fact: reviewFact.agency, value: options.agencyOfReport, evidence: options.evidence ?? null };
  }
  const m = /^([^=]+)=(.*)$/.exec(options.cell!);
  if (!m || !isCorrectableValueKey(m[1]!.trim()))
    throw new Error(
      `--cell: expected KEY=VALUE with the value key of a cell of a form or a prose figure, e.g. apply.new_received.total=12, got "${options.cell}"`,
    );
  if (!isCellNumber(m[2]!)) throw new Error(`--cell: expected a number after =, e.g. 12, got "${m[2]}"`);
  if (!options.source?.trim()) throw new Error("--source: expected where the right figure is printed");
  return { fact: reviewFact.cell(m[1]!.trim()), value: m[2]!.trim(), evidence: options.source.trim() };
}
