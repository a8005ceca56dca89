import { REVIEW_STATE_NAMES, reviewStateOf } from "@touming/vocabulary/review-words";
import type { Command } from "commander";
import type { CliContext } from "../../cli-context.js";
import { type ScopeOptions, printRows, runReview, scopeOf, withScope } from "./options.js";

/**
 * `touming review list`: where every finding of the graded agency-years stands now (待复核, 已确认,
 * 已撤销) and every correction in force, worked out from the grades and the reviews as the next grade
 * will take them in, so a reviewer sees what is still to review and which reviews the evidence has
 * since outdated.
 */

/** Registers `list` on `review`. */
export function registerList(review: Command, cli: CliContext): void {
  withScope(
    review
      .command("list")
      .description(
        "every finding of the graded agency-years (and every correction in force) with its review state",
      ),
  )
    .option(
      "--state <state>",
      "only this state: 待复核, 已确认, 已撤销 or 已更正 (pending, confirmed, dismissed, corrected)",
    )
    .option("--json", "print JSON instead of a table")
    .action(async (options: ScopeOptions & { state?: string; json?: boolean }) => {
      const state = options.state === undefined ? undefined : reviewStateOf(options.state);
      if (state === null)
        throw new Error(`--state: expected 待复核, 已确认, 已撤销 or 已更正, got "${options.state}"`);
      const { listItems } = await import("./list-items.js");
      await runReview(cli, "list", async (run) => {
        const items = await listItems(run.store.db, {
          ...scopeOf(options),
          ...(state !== undefined ? { state } : {}),
        });
        run.record({ listed: items.length });
        printRows(run, options.json, items, {
          header: ["agency", "year", "finding", "state", "summary", "review"],
          cells: (i) => [
            i.agency,
            String(i.year),
            i.item,
            REVIEW_STATE_NAMES[i.state],
            i.summary,
            [i.note, i.reviewer].filter(Boolean).join(" — "),
          ],
          counted: "findings and corrections",
        });
      });
    });
}
