import { activeCorrections, findingStanding, gradesByYear, storedFact } from "@touming/grade";
import {
  AGENCY_BATCH,
  type StoreDb,
  gradesOfAgencies,
  listAgencies,
  reportsOfAgencies,
  reviewsOfAgencies,
} from "@touming/store";
import type { ReviewState } from "@touming/vocabulary";
import { agencyOf, asGraded } from "./graded-year.js";

/**
 * What `touming review list` lists, worked out from the grades and the reviews. Apart from list.ts
 * (the command's definition) because it needs @touming/grade and the store, loaded only when it runs.
 */

/** What `touming review list` prints of one finding or correction. */
export interface ListedItem {
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
export async function listItems(
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
