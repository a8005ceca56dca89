import {
  FINDING_KEY_EXAMPLES,
  REVIEW_FACT_EXAMPLES,
  REVIEW_STATE_NAMES,
} from "@touming/vocabulary/review-words";
import type { Command } from "commander";
import type { CliContext } from "../../cli-context.js";
import { type ByOptions, reviewerOf, withAgencyYear } from "./options.js";

/**
 * `touming review confirm | dismiss | withdraw`: the reviews that change where a finding stands
 * (已确认, 已撤销, or 待复核 again), and the withdrawal of a correction. They are one module because
 * they take the same arguments and differ only in what they check first; a correction, which
 * carries a value and its evidence, is `correct-fact.ts`.
 */

/** Registers `confirm` or `dismiss` of a finding of a card; `said` is the state it is then in. */
function registerFindingReview(
  review: Command,
  cli: CliContext,
  action: "confirm" | "dismiss",
  description: string,
  said: string,
): void {
  withAgencyYear(review.command(action).description(description))
    .argument("<finding>", `finding key (${FINDING_KEY_EXAMPLES})`)
    .requiredOption("--by <name>", "who reviews it")
    .option(
      "--reason <text>",
      action === "dismiss" ? "why it is dismissed (required)" : "the reviewer's note",
    )
    .action(async (agencyId: string, year: number, key: string, options: ByOptions) => {
      const reviewer = reviewerOf(options, action === "dismiss" ? "why the finding is dismissed" : undefined);
      const { findingOf, gradedYear } = await import("./graded-year.js");
      const { recordReview } = await import("./record-review.js");
      await recordReview(
        cli,
        { agencyId, year },
        { action, finding: key, ...reviewer },
        said,
        async (db, agency) => {
          findingOf(await gradedYear(db, agency, year), key);
        },
      );
    });
}

/** Registers `withdraw`: an earlier review of a finding, or a correction of a fact, no longer in force. */
function registerWithdraw(review: Command, cli: CliContext): void {
  withAgencyYear(
    review
      .command("withdraw")
      .description(
        "withdraw an earlier review of a finding (待复核 again) or a correction of a fact (as extracted again)",
      ),
  )
    .argument("<subject>", `a finding key (${FINDING_KEY_EXAMPLES}) or a fact (${REVIEW_FACT_EXAMPLES})`)
    .requiredOption("--by <name>", "who withdraws it")
    .requiredOption("--reason <text>", "why")
    .action(async (agencyId: string, year: number, subject: string, options: ByOptions) => {
      const reviewer = reviewerOf(options, "why the review is withdrawn");
      const { parseFindingKey, parseReviewFact } = await import("@touming/vocabulary");
      const isFinding = parseFindingKey(subject) !== null;
      if (!isFinding && !parseReviewFact(subject))
        throw new Error(
          `"${subject}": expected a finding key (${FINDING_KEY_EXAMPLES}) or a fact (${REVIEW_FACT_EXAMPLES})`,
        );
      const { reviewsOf } = await import("@touming/store");
      const { recordReview } = await import("./record-review.js");
      await recordReview(
        cli,
        { agencyId, year },
        {
          action: "withdraw",
          finding: isFinding ? subject : null,
          fact: isFinding ? null : subject,
          ...reviewer,
        },
        isFinding ? `${REVIEW_STATE_NAMES.pending} again` : "as extracted again",
        async (db, agency) => {
          const own = await reviewsOf(db, { agencyId: agency.id, year });
          const latest = own.filter((r) => (isFinding ? r.findingKey : r.fact) === subject).at(-1);
          if (!latest || latest.action === "withdraw")
            throw new Error(
              `${agency.id} ${year} ${subject}: nothing to withdraw (no review of it in force)`,
            );
        },
      );
    });
}

/** Registers confirm, dismiss and withdraw on `review`, in the order `touming review --help` lists them. */
export function registerFindingReviews(review: Command, cli: CliContext): void {
  registerFindingReview(
    review,
    cli,
    "confirm",
    "confirm a finding of a card (已确认)",
    REVIEW_STATE_NAMES.confirmed,
  );
  registerFindingReview(
    review,
    cli,
    "dismiss",
    "dismiss a finding of a card (已撤销: it costs nothing), with the reason",
    REVIEW_STATE_NAMES.dismissed,
  );
  registerWithdraw(review, cli);
}
