import { createHash } from "node:crypto";
import type { ReviewState } from "@touming/vocabulary";
import type { GradedReview } from "../grade-input.js";

/**
 * A fingerprint of a finding's evidence (or of a fact as extracted): 16 hex digits of the SHA-256
 * of its JSON. Equal fingerprints: the evidence an office reviewed is the evidence graded now.
 */
export const fingerprintOf = (evidence: unknown): string =>
  createHash("sha256").update(JSON.stringify(evidence)).digest("hex").slice(0, 16);

/** The review a finding's state comes from, as grades keep it and cards show it. */
export interface FindingReview {
  id: number;
  action: "confirm" | "dismiss" | "withdraw";
  reason: string;
  reviewer: string;
  at: string;
  /** The evidence changed since (a re-extraction, a re-crawl): the review no longer holds. */
  changed: boolean;
}

/** Where a finding stands by its reviews, and the review that says so (none when never reviewed). */
export interface FindingStanding {
  state: Exclude<ReviewState, "corrected">;
  review: FindingReview | null;
}

/**
 * A finding's state: the latest review of its key decides — 已确认 or 已撤销 while its fingerprint
 * is the finding's now; 待复核 when there is none, when the latest withdrew the one before, or when
 * the evidence changed since it was reviewed (a new extraction never silently keeps or drops it).
 */
export function findingStanding(
  key: string,
  fingerprint: string,
  reviews: readonly GradedReview[],
): FindingStanding {
  const latest = reviews.filter((r) => r.findingKey === key && r.action !== "correct").at(-1);
  if (!latest) return { state: "pending", review: null };
  const changed = latest.action !== "withdraw" && latest.fingerprint !== fingerprint;
  const review: FindingReview = {
    id: latest.id,
    action: latest.action as FindingReview["action"],
    reason: latest.reason,
    reviewer: latest.reviewer,
    at: latest.createdAt,
    changed,
  };
  if (changed || latest.action === "withdraw") return { state: "pending", review };
  return { state: latest.action === "confirm" ? "confirmed" : "dismissed", review };
}

/**
 * The corrections in force, by fact: the latest `correct` of each fact unless a later `withdraw`
 * of it took it back.
 */
export function activeCorrections(reviews: readonly GradedReview[]): Map<string, GradedReview> {
  const out = new Map<string, GradedReview>();
  for (const r of reviews) {
    if (r.fact === null) continue;
    if (r.action === "correct") out.set(r.fact, r);
    else if (r.action === "withdraw") out.delete(r.fact);
  }
  return out;
}
