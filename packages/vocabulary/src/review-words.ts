/**
 * The words of a review as the command line and the pages say them: what an office does, where a
 * finding stands, and examples of what it reviews. Nothing here imports anything, so that the CLI can
 * define its review commands (`touming --help`) without loading the rest of the vocabulary
 * (`@touming/vocabulary/review-words`); what reads a finding key or a fact is `findings.ts`.
 */

/** The finding keys as a person types them, for messages (`expected a finding key, e.g. …`). */
export const FINDING_KEY_EXAMPLES =
  "check:T3-A:total, timeliness:late, section:fees, format:tables, copied, agency:mismatch, report:missing";

/**
 * What an office does with a finding or a fact: confirm or dismiss a finding, correct a fact, or
 * withdraw its own earlier review or correction (the finding is 待复核 again, the fact as extracted).
 */
export const REVIEW_ACTIONS = ["confirm", "dismiss", "correct", "withdraw"] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

/**
 * Where a finding stands: `pending` (待复核: not reviewed yet, or its evidence changed since it was),
 * `confirmed` (已确认), `dismissed` (已撤销: it costs nothing); a fact corrected is `corrected` (已更正).
 */
export const REVIEW_STATES = ["pending", "confirmed", "dismissed", "corrected"] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

/** Each state as cards, summaries and the command line say it. */
export const REVIEW_STATE_NAMES: Readonly<Record<ReviewState, string>> = {
  pending: "待复核",
  confirmed: "已确认",
  dismissed: "已撤销",
  corrected: "已更正",
};

/** A state from its Chinese name or its key (`已撤销`, `dismissed`); null when neither. */
export function reviewStateOf(text: string): ReviewState | null {
  const byName = REVIEW_STATES.find((s) => REVIEW_STATE_NAMES[s] === text);
  return byName ?? ((REVIEW_STATES as readonly string[]).includes(text) ? (text as ReviewState) : null);
}

/** The facts as a person types them, for messages. */
export const REVIEW_FACT_EXAMPLES = "publish_date, agency, cell:apply.new_received.total";
