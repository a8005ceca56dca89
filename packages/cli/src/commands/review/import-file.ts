import type { ReviewEntry } from "@touming/grade";
import type { NewReview } from "@touming/store";
import type { ConfigError, ConfigIssue } from "@touming/vocabulary";
import type { Command } from "commander";
import type { CliContext } from "../../cli-context.js";
import { runReview } from "./options.js";

/**
 * `touming review import`: a reviews file kept under version control, appended all or nothing.
 * Every entry is checked against the store the way a review typed on the command line is, and
 * every problem is logged before the command fails, so that one run shows all that must be fixed;
 * importing the same file again adds nothing.
 */

/** Registers `import` on `review`. */
export function registerImport(review: Command, cli: CliContext): void {
  review
    .command("import")
    .description(
      "validate a reviews file (YAML or JSON) and append its reviews; an invalid file adds nothing, a review already recorded is not added again",
    )
    .argument("<file>", "reviews file, e.g. reviews.yaml")
    .action(async (file: string) => {
      const { addReviews } = await import("@touming/store");
      const { storeLookups, toReview } = await import("./check-review.js");
      const { readReviewsFile } = await import("./reviews-file.js");
      const { ConfigError, formatConfigIssue } = await import("@touming/vocabulary");
      await runReview(cli, "import", async ({ store, record, log, io }) => {
        const fail = (error: ConfigError) => {
          for (const issue of error.issues.slice(1))
            log.error("invalid reviews file", { problem: formatConfigIssue(issue) });
          return error;
        };
        let entries: ReviewEntry[];
        try {
          entries = await readReviewsFile(file);
        } catch (error) {
          throw error instanceof ConfigError ? fail(error) : error;
        }
        const lookups = storeLookups(store.db);
        const issues: ConfigIssue[] = [];
        const reviews: NewReview[] = [];
        for (const [i, entry] of entries.entries()) {
          const checked = await toReview(entry, lookups, file);
          if ("problems" in checked)
            for (const [field, expected] of checked.problems)
              issues.push({ file, field: `reviews[${i}].${field}`, expected: `expected ${expected}` });
          else reviews.push(checked.review);
        }
        if (issues.length > 0) throw fail(new ConfigError(issues));
        const { added, skipped } = await addReviews(store.db, reviews, {
          clock: () => io.now(),
          skipExisting: true,
        });
        record({ reviews: entries.length, added: added.length, skipped });
        io.stdout.write(
          `${file}: ${entries.length} reviews (${added.length} added, ${skipped} already recorded); the grade takes them in at the next touming grade\n`,
        );
      });
    });
}
