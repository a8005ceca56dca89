import { type ReviewEntry, storedFact } from "@touming/grade";
import { type Agency, type NewReview, type StoreDb, getAgency, reportsOfAgencies } from "@touming/store";
import { reviewFact } from "@touming/vocabulary";
import { type GradedYear, gradedYear } from "./graded-year.js";

/**
 * Checks a review entry (typed on the command line or read from a reviews file) against the store
 * before it is appended, so that both ways in refuse the same things: an unknown agency, a finding
 * not on the grade, a fact without a report. It also fills in the fingerprint of the evidence
 * reviewed, which the grade compares later to see whether the review still applies.
 */

/** A review entry (from the command line or a file) checked against the store, as a review to append. */
export interface Lookups {
  agency(id: string): Promise<Agency | undefined>;
  /** The agency-year's graded findings, or why they cannot be reviewed now. */
  graded(agency: Agency, year: number): Promise<GradedYear | string>;
  fact(
    agency: Agency,
    year: number,
    fact: string,
  ): Promise<{ shown: string | null; fingerprint: string } | null>;
}

/** Reads of the store for checking reviews, each agency and agency-year read once. */
export function storeLookups(db: StoreDb): Lookups {
  const agencies = new Map<string, Promise<Agency | undefined>>();
  const grades = new Map<string, Promise<GradedYear | string>>();
  const reports = new Map<string, ReturnType<typeof reportsOfAgencies>>();
  return {
    agency(id) {
      if (!agencies.has(id)) agencies.set(id, getAgency(db, id));
      return agencies.get(id)!;
    },
    graded(agency, year) {
      const at = `${agency.id}\u0000${year}`;
      if (!grades.has(at))
        grades.set(
          at,
          gradedYear(db, agency, year).catch((error: unknown) => (error as Error).message),
        );
      return grades.get(at)!;
    },
    async fact(agency, year, fact) {
      if (!reports.has(agency.id)) reports.set(agency.id, reportsOfAgencies(db, [agency.id]));
      const own = (await reports.get(agency.id)!).get(agency.id);
      if (!own?.has(year)) return null;
      return storedFact(agency, year, own, fact);
    },
  };
}

/**
 * The review an entry says, checked against the store: the agency exists; a finding confirmed or
 * dismissed is on its agency-year's grade (its fingerprint is taken from there, unless the entry
 * carries one); a fact corrected belongs to a stored report (the fingerprint of the fact as
 * extracted is recorded), and an agency named by a correction exists. Problems come back as
 * `[field, expected]` pairs.
 */
export async function toReview(
  entry: ReviewEntry,
  lookups: Lookups,
  source: string,
): Promise<{ review: NewReview } | { problems: [string, string][] }> {
  const agency = await lookups.agency(entry.agency);
  if (!agency) return { problems: [["agency", `an agency of the registry ("${entry.agency}" is not one)`]] };
  let fingerprint = entry.fingerprint;
  if (entry.finding !== null && fingerprint === null && entry.action !== "withdraw") {
    const graded = await lookups.graded(agency, entry.year);
    if (typeof graded === "string")
      return { problems: [["year", `a year whose grade can be reviewed (${graded})`]] };
    const finding = graded.findings.find((f) => f.key === entry.finding);
    if (!finding) {
      const keys = graded.findings.map((f) => f.key);
      return {
        problems: [
          [
            "finding",
            `a finding of the grade of ${agency.id} ${entry.year} ("${entry.finding}" is not one; ${keys.length ? `its findings: ${keys.join(", ")}` : "it states none"})`,
          ],
        ],
      };
    }
    fingerprint = finding.fingerprint;
  }
  if (entry.fact !== null && entry.action === "correct") {
    if (
      entry.fact === reviewFact.agency &&
      entry.value !== agency.id &&
      !(await lookups.agency(entry.value ?? ""))
    )
      return { problems: [["value", `an agency of the registry ("${entry.value}" is not one)`]] };
    const extracted = await lookups.fact(agency, entry.year, entry.fact);
    if (!extracted && fingerprint === null)
      return {
        problems: [["year", `a year with a report of ${agency.id} to correct (${entry.year} has none)`]],
      };
    fingerprint ??= extracted!.fingerprint;
  }
  return {
    review: {
      agencyId: agency.id,
      year: entry.year,
      findingKey: entry.finding,
      fact: entry.fact,
      action: entry.action,
      value: entry.value,
      evidence: entry.evidence,
      fingerprint,
      reason: entry.reason,
      reviewer: entry.by,
      source,
      ...(entry.at !== null ? { createdAt: entry.at } : {}),
    },
  };
}
