import type { ReviewEntry } from "@touming/grade";
import { type Agency, type StoreDb, addReviews } from "@touming/store";
import type { CliContext } from "../../cli-context.js";
import { storeLookups, toReview } from "./check-review.js";
import { agencyOf } from "./graded-year.js";
import { runReview } from "./options.js";

/**
 * How confirm, dismiss, withdraw and correct append the one review typed on the command line: the
 * same run (`review-<action>`), the same check against the store as a reviews file gets, the same
 * one-line refusal and the same line saying what was recorded. Each subcommand says only what
 * differs: the review's subject, value and reason, and any check of its own.
 */

/** What a subcommand says of its review; the rest of the entry (no time, no fingerprint) is filled in. */
export type CommandReview = Pick<ReviewEntry, "action" | "reason" | "by"> &
  Partial<Pick<ReviewEntry, "finding" | "fact" | "value" | "evidence">>;

/**
 * Appends one review of `agencyId`'s `year` made on the command line (refused with its one-line
 * reason) and says so with `said`; `check` refuses first what this subcommand alone refuses.
 */
export async function recordReview(
  cli: CliContext,
  { agencyId, year }: { agencyId: string; year: number },
  review: CommandReview,
  said: string,
  check: (db: StoreDb, agency: Agency) => Promise<void> = async () => {},
): Promise<void> {
  await runReview(cli, review.action, async (run) => {
    const agency = await agencyOf(run.store.db, agencyId);
    await check(run.store.db, agency);
    const entry: ReviewEntry = {
      agency: agency.id,
      year,
      finding: null,
      fact: null,
      value: null,
      evidence: null,
      at: null,
      fingerprint: null,
      ...review,
    };
    const checked = await toReview(entry, storeLookups(run.store.db), "command");
    if ("problems" in checked) {
      const [field, expected] = checked.problems[0]!;
      throw new Error(`${field === "value" ? "the corrected value" : field}: expected ${expected}`);
    }
    const { added } = await addReviews(run.store.db, [checked.review], { clock: () => run.io.now() });
    const recorded = added[0]!;
    run.record({ added: 1, review: recorded.id });
    run.io.stdout.write(
      `${entry.agency} ${entry.year} ${entry.finding ?? `fact ${entry.fact}`}: ${said} (review #${recorded.id}); the grade takes it in at the next touming grade\n`,
    );
  });
}
