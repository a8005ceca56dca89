import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import type { CliContext } from "../../cli-context.js";
import { type ScopeOptions, printRows, runReview, scopeOf, withScope } from "./options.js";

/**
 * `touming review history | export`: the append-only history of reviews as recorded, oldest first,
 * read the same way (by `--agency` and `--year`) and either shown (a table or JSON) or written as a
 * reviews file that `review import` reads back.
 */

/** Registers `history` on `review`. */
export function registerHistory(review: Command, cli: CliContext): void {
  withScope(review.command("history").description("every review as recorded (who, when, why), oldest first"))
    .option("--json", "print JSON instead of a table")
    .action(async (options: ScopeOptions & { json?: boolean }) => {
      const { reviewsOf } = await import("@touming/store");
      await runReview(cli, "history", async (run) => {
        const rows = await reviewsOf(run.store.db, scopeOf(options));
        run.record({ reviews: rows.length });
        printRows(run, options.json, rows, {
          header: [
            "id",
            "at",
            "agency",
            "year",
            "subject",
            "action",
            "value",
            "evidence",
            "reason",
            "by",
            "source",
          ],
          cells: (r) => [
            String(r.id),
            r.createdAt,
            r.agencyId,
            String(r.year),
            r.findingKey ?? `fact:${r.fact}`,
            r.action,
            r.value ?? "",
            r.evidence ?? "",
            r.reason,
            r.reviewer,
            r.source,
          ],
          counted: "reviews",
        });
      });
    });
}

/** Registers `export` on `review`. */
export function registerExport(review: Command, cli: CliContext): void {
  withScope(
    review
      .command("export")
      .description(
        "write the reviews (the whole history) as a reviews file (YAML), which review import reads back",
      ),
  )
    .option("--out <file>", "write to this file instead of printing")
    .action(async (options: ScopeOptions & { out?: string }) => {
      const { reviewsFileData } = await import("@touming/grade");
      const { reviewsOf } = await import("@touming/store");
      const { stringify } = await import("yaml");
      const { entryOf } = await import("./reviews-file.js");
      await runReview(cli, "export", async ({ store, record, io }) => {
        const rows = await reviewsOf(store.db, scopeOf(options));
        const text = `# touming review export: ${rows.length} reviews, oldest first (touming review import reads it back)\n${stringify(reviewsFileData(rows.map(entryOf)), { lineWidth: 0 })}`;
        record({ reviews: rows.length });
        if (options.out) {
          await writeFile(options.out, text);
          io.stdout.write(`${options.out}: ${rows.length} reviews\n`);
        } else io.stdout.write(text);
      });
    });
}
