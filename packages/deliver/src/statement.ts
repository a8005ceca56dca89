import { createHash } from "node:crypto";

/**
 * What one message states, and nothing else: the grades, states and findings of a jurisdiction's
 * (or an agency's) members in one year, and the files attached with their hashes. Its hash is the
 * message's content hash, so an unchanged result is never sent twice and a changed one is; the
 * statement kept in the outbox is what the next message's 更正 is worked out against.
 */
export interface Statement {
  scopeKind: "jurisdiction" | "agency";
  scopeId: string;
  /** The jurisdiction's (its government's) or the agency's name. */
  name: string;
  year: number;
  agencies: StatedAgency[];
  /** The summary's page, relative to the site (null for an agency's own message). */
  summaryPage: string | null;
  files: StatedFile[];
}

export interface StatedAgency {
  agencyId: string;
  name: string;
  /** graded, not_found, unverifiable, not_monitored. */
  state: string;
  letter: string;
  score: number;
  /** What the card finds wrong, one sentence each (lost points and why, or the state's reason). */
  findings: string[];
  /**
   * What offices' reviews did to the grade, one line each (a finding dismissed, a date corrected…),
   * so a review changes the message and its 更正 says what the review changed. Absent: none.
   */
  reviews?: string[];
  /** The card's page, relative to the site. */
  cardPage: string;
}

/** An attached file: where it is in the output directory, its name in the message, its sha256. */
export interface StatedFile {
  path: string;
  filename: string;
  sha256: string;
}

/** A JSON text of the value with object keys sorted, so equal statements hash equally. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** The content hash of a message: sha256 of its statement. */
export const contentHash = (statement: Statement): string =>
  createHash("sha256").update(canonicalJson(statement)).digest("hex");

/** An agency-year has problems (its card is attached) when it is not graded or lost points anywhere. */
export const hasProblems = (agency: StatedAgency): boolean =>
  agency.state !== "graded" || agency.findings.length > 0;

/** The state in the words the cards use. */
export const STATE_NAMES: Readonly<Record<string, string>> = {
  graded: "已评分",
  not_found: "未发现",
  unverifiable: "无法核实",
  not_monitored: "未纳入监测",
};

/** An agency-year's result in a few words: `B（78分）`, or its state when it has no grade. */
export function resultText(agency: Pick<StatedAgency, "state" | "letter" | "score">): string {
  if (agency.state === "unverifiable" || agency.state === "not_monitored") return STATE_NAMES[agency.state]!;
  const score = Math.round(agency.score * 10) / 10;
  const grade = `${agency.letter}（${score}分）`;
  return agency.state === "graded" ? grade : `${STATE_NAMES[agency.state] ?? agency.state}，${grade}`;
}
