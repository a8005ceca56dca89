import { activeCorrections, findingStanding, gradesByYear, storedFact } from "@touming/grade";
import {
  AGENCY_BATCH,
  type StoreDb,
  gradesOfAgencies,
  listAgencies,
  reportsOfAgencies,
  reviewsOfAgencies,
} from "@touming/store";
import { REVIEW_STATE_NAMES, type ReviewState, reviewStateOf } from "@touming/vocabulary";
import type { Command } from "commander";
import type { CliContext } from "../../cli-context.js";
import { agencyOf, asGraded } from "./graded-year.js";
import { type ScopeOptions, printRows, runReview, scopeOf, withScope } from "./options.js";

/**
 * `touming review list`: where every finding of the graded agency-years stands now (待复核, 已确认,
 * 已撤销) and every correction in force, worked out from the grades and the reviews as the next grade
 * will take them in, so a reviewer sees what is still to review and which reviews the evidence has
 * since outdated.
 */

/** What `touming review list` prints of one finding or correction. */
interface ListedItem {
  agency: string;
  year: number;
  /** A finding key, or `fact:<fact>` for a correction. */
  item: string;
  state: ReviewState;
  summary: string;
  note: string;
  reviewer: string;
}

/** Where every finding of the graded agency-years (and every correction in force) stands now, by their reviews. */
async function listItems(
  db: StoreDb,
  filter: { agencyId?: string; year?: number; state?: ReviewState },
): Promise<ListedItem[]> {
  const agencies = filter.agencyId ? [await agencyOf(db, filter.agencyId)] : await listAgencies(db);
  const out: ListedItem[] = [];
  for (let i = 0; i < agencies.length; i += AGENCY_BATCH) {
    const batch = agencies.slice(i, i + AGENCY_BATCH);
    const ids = batch.map((a) => a.id);
    const [totals, reviews] = await Promise.all([
      gradesOfAgencies(db, ids, { dimension: "total" }),
      reviewsOfAgencies(db, ids),
    ]);
    for (const agency of batch) {
      const grades = gradesByYear(totals.get(agency.id) ?? []);
      const withCorrections = [...(reviews.get(agency.id)?.keys() ?? [])];
      const reports = withCorrections.length
        ? (await reportsOfAgencies(db, [agency.id])).get(agency.id)
        : undefined;
      for (const [year, grade] of grades) {
        if (filter.year !== undefined && year !== filter.year) continue;
        const own = asGraded(reviews.get(agency.id)?.get(year) ?? []);
        for (const f of grade.findings) {
          const { state, review } = findingStanding(f.key, f.fingerprint, own);
          out.push({
            agency: agency.id,
            year,
            item: f.key,
            state,
            summary: f.summary,
            note: review
              ? `${review.action} ${review.at.slice(0, 10)}${review.reason ? `: ${review.reason}` : ""}${review.changed ? " (evidence changed since)" : ""}`
              : "",
            reviewer: review?.reviewer ?? "",
          });
        }
        for (const [fact, c] of activeCorrections(own)) {
          const now = reports ? storedFact(agency, year, reports, fact) : null;
          const changed = c.fingerprint !== null && now !== null && now.fingerprint !== c.fingerprint;
          out.push({
            agency: agency.id,
            year,
            item: `fact:${fact}`,
            state: changed ? "pending" : "corrected",
            summary: `${c.value}${c.evidence ? ` (${c.evidence})` : ""}`,
            note: `correct ${c.createdAt.slice(0, 10)}${c.reason ? `: ${c.reason}` : ""}${changed ? " (extracted value changed since)" : ""}`,
            reviewer: c.reviewer,
          });
        }
      }
    }
  }
  return filter.state ? out.filter((i) => i.state === filter.state) : out;
}

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
