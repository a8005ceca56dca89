import { REVIEW_STATE_NAMES } from "@touming/vocabulary/review-words";
import type { Command } from "commander";
import type { CliContext } from "../../cli-context.js";
import type { CorrectOptions } from "./correction.js";
import { reviewerOf, withAgencyYear } from "./options.js";

/**
 * `touming review correct`: a fact of an agency-year's report put right by a reviewer, with what
 * shows it (a publish date and the URL that shows it, the agency the report belongs to, or a cell
 * and where the right figure is printed). Its own module because turning its options into one
 * correction is most of the work, and that is refused before the store is opened.
 */

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
      const { correctionOf } = await import("./correction.js");
      const correction = correctionOf(options);
      const { recordReview } = await import("./record-review.js");
      await recordReview(
        cli,
        { agencyId, year },
        { action: "correct", ...correction, ...reviewer },
        `${REVIEW_STATE_NAMES.corrected} to ${correction.value}`,
      );
    });
}
