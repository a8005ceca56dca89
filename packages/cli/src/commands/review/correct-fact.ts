import { isCellNumber, isHttpUrl, isIsoDate } from "@touming/grade";
import { REVIEW_STATE_NAMES, isCorrectableValueKey, reviewFact } from "@touming/vocabulary";
import type { Command } from "commander";
import type { CliContext } from "../../cli-context.js";
import { type ByOptions, reviewerOf, withAgencyYear } from "./options.js";
import { recordReview } from "./record-review.js";

/**
 * `touming review correct`: a fact of an agency-year's report put right by a reviewer, with what
 * shows it (a publish date and the URL that shows it, the agency the report belongs to, or a cell
 * and where the right figure is printed). Its own module because turning its options into one
 * correction is most of the work, and that is refused before the store is opened.
 */

/** The options of `review correct`: exactly one of the three kinds of correction, with its evidence. */
interface CorrectOptions extends ByOptions {
  publishDate?: string;
  evidence?: string;
  agencyOfReport?: string;
  cell?: string;
  source?: string;
}

/** The one correction the options say (the fact, its right value, what shows it), or a refusal naming the option. */
function correctionOf(options: CorrectOptions): { fact: string; value: string; evidence: string | null } {
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

/** Registers `correct` on `review`. */
export function registerCorrect(review: Command, cli: CliContext): void {
  withAgencyYear(
    review
      .command("correct")
      .description("correct a fact of an agency-year's report: its publish date, its agency, or a cell"),
  )
    .option("--publish-date <date>", "the date the report was published (YYYY-MM-DD), with --evidence URL")
    .option("--evidence <url>", "the http(s) URL that shows the publish date (or the agency)")
    .option(
      "--agency-of-report <id>",
      "the agency the report belongs to (this agency's id: it is this agency's)",
    )
    .option("--cell <key=value>", "a cell's right value, e.g. apply.new_received.total=12, with --source")
    .option("--source <text>", "where the right figure is printed (for --cell)")
    .requiredOption("--by <name>", "who corrects it")
    .option("--reason <text>", "the reviewer's note")
    .action(async (agencyId: string, year: number, options: CorrectOptions) => {
      const reviewer = reviewerOf(options);
      const correction = correctionOf(options);
      await recordReview(
        cli,
        { agencyId, year },
        { action: "correct", ...correction, ...reviewer },
        `${REVIEW_STATE_NAMES.corrected} to ${correction.value}`,
      );
    });
}
