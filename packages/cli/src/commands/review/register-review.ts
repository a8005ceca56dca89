import type { Command } from "commander";
import type { CliContext } from "../../cli-context.js";
import { registerCorrect } from "./correct-fact.js";
import { registerFindingReviews } from "./finding-reviews.js";
import { registerExport, registerHistory } from "./history.js";
import { registerImport } from "./import-file.js";
import { registerList } from "./list.js";

/**
 * `touming review`: what oversight offices say about the cards. A finding is confirmed (已确认),
 * dismissed (已撤销: it costs nothing) or its review withdrawn; a fact is corrected (a publish date
 * with the URL that shows it, the agency a report belongs to, a cell with where the right figure is
 * printed) or the correction withdrawn. Every review is a row appended to `reviews` (who, when, why);
 * the next grade takes it in. A reviews file (YAML or JSON) can be kept under version control and
 * imported (twice: nothing added the second time), and the history exported as one.
 *
 * This module only assembles the subcommands, in the order `touming review --help` lists them;
 * each lives in the module named for what it does.
 */
export function registerReview(program: Command, cli: CliContext): void {
  const review = program
    .command("review")
    .description(
      "oversight offices' reviews: confirm, dismiss or correct what the cards say (an append-only history)",
    );
  registerList(review, cli);
  registerFindingReviews(review, cli);
  registerCorrect(review, cli);
  registerHistory(review, cli);
  registerImport(review, cli);
  registerExport(review, cli);
}
