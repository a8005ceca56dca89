import { isCheckId, parseCheckKey } from "./checks.js";
import { isSectionKey } from "./sections.js";
import { PROSE_FIGURE_KEY } from "./value-keys.js";
import { formLabel } from "./form-labels.js";

/**
 * The findings a grade states about an agency-year, each under a key that stays the same from run
 * to run (it names the problem, never a row id), so that an office's review of it (已确认, 已撤销)
 * outlives a re-crawl, a re-extraction or a re-grade:
 *
 * | key | finding |
 * | --- | --- |
 * | `check:<check key>` | a failed check (`check:T3-A:total`, `check:NONNEG:cells`, `check:X-1:total`) |
 * | `timeliness:late` | the report was published after the deadline |
 * | `section:<section key>` | a required section is missing (`section:fees`) |
 * | `format:tables` | a 2019+ report without the prescribed tables |
 * | `copied` | the report is copied from the year before (the cap) |
 * | `agency:mismatch` | the report names another body than the agency |
 * | `report:missing` | no report for the year (未发现) |
 *
 * The grade decides which findings an agency-year has (and what each cost); this module only names them.
 */
export const FINDING_KINDS = [
  "check",
  "timeliness",
  "section",
  "format",
  "copied",
  "agency",
  "report",
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** The key of each finding, built in one place. */
export const findingKey = {
  check: (checkKey: string): string => `check:${checkKey}`,
  late: "timeliness:late",
  section: (sectionKey: string): string => `section:${sectionKey}`,
  tables: "format:tables",
  copied: "copied",
  agencyMismatch: "agency:mismatch",
  missing: "report:missing",
} as const;

/** What a finding key says: its kind and the rest (the check key, the section key), or null when it is not one. */
export function parseFindingKey(key: string): { kind: FindingKind; detail: string } | null {
  if (key === findingKey.late) return { kind: "timeliness", detail: "late" };
  if (key === findingKey.tables) return { kind: "format", detail: "tables" };
  if (key === findingKey.copied) return { kind: "copied", detail: "" };
  if (key === findingKey.agencyMismatch) return { kind: "agency", detail: "mismatch" };
  if (key === findingKey.missing) return { kind: "report", detail: "missing" };
  if (key.startsWith("check:")) {
    const check = key.slice("check:".length);
    const { id, scope } = parseCheckKey(check);
    return isCheckId(id) && /^[a-z_]+(?:\.[a-z_]+)*$/.test(scope) ? { kind: "check", detail: check } : null;
  }
  if (key.startsWith("section:")) {
    const section = key.slice("section:".length);
    return isSectionKey(section) ? { kind: "section", detail: section } : null;
  }
  return null;
}

export const isFindingKey = (key: string): boolean => parseFindingKey(key) !== null;

/**
 * The facts an office may correct, each with its evidence: the publish date (with the URL that
 * shows it), the agency a report belongs to (`agency`: an agency id of the registry), a cell's value
 * (`cell:<value key>`, with where the right figure is printed).
 */
export const reviewFact = {
  publishDate: "publish_date",
  agency: "agency",
  cell: (valueKey: string): string => `cell:${valueKey}`,
} as const;

/** Whether a value key names a cell of a form (any format's) or a prose figure: what a cell correction may name. */
export const isCorrectableValueKey = (key: string): boolean =>
  PROSE_FIGURE_KEY.test(key) || formLabel(key, "2021") !== null || formLabel(key, "2019") !== null;

/** What a fact says: which one, and the value key of a cell; null when it is not one. */
export function parseReviewFact(
  fact: string,
): { kind: "publish_date" } | { kind: "agency" } | { kind: "cell"; key: string } | null {
  if (fact === reviewFact.publishDate) return { kind: "publish_date" };
  if (fact === reviewFact.agency) return { kind: "agency" };
  if (fact.startsWith("cell:")) {
    const key = fact.slice("cell:".length);
    return isCorrectableValueKey(key) ? { kind: "cell", key } : null;
  }
  return null;
}
