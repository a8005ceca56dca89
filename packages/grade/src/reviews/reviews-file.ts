import {
  ConfigError,
  type ConfigIssue,
  FINDING_KEY_EXAMPLES,
  REVIEW_FACT_EXAMPLES,
  parseFindingKey,
  parseReviewFact,
} from "@touming/vocabulary";
import { z } from "zod";

/**
 * A reviews file: what offices said about the cards, kept under version control and imported with
 * `touming review import` (YAML or JSON; `touming review export` writes one). Each entry reviews a
 * finding (confirm, dismiss, withdraw) or corrects a fact (correct, withdraw) of an agency-year:
 *
 * ```yaml
 * version: 1
 * reviews:
 *   - { agency: linjiang-rsj, year: 2022, finding: "check:T4-A:review", action: dismiss,
 *       reason: 原表印刷错误，已在网站更正, by: 张三 }
 *   - { agency: qinghe-jyj, year: 2024, fact: publish_date, action: correct, value: "2025-01-20",
 *       evidence: "https://…/t20250120_1.html", by: 李四 }
 *   - { agency: linjiang-mzj, year: 2023, fact: "cell:apply.carried_forward.total", action: correct,
 *       value: 12, evidence: 原始台账第3页, by: 李四 }
 * ```
 *
 * `at` (when it was said, ISO time) and `fingerprint` (of the evidence reviewed) are optional: an
 * export writes them, so importing it into another store keeps the history as it was.
 */
export interface ReviewEntry {
  agency: string;
  year: number;
  finding: string | null;
  fact: string | null;
  action: "confirm" | "dismiss" | "correct" | "withdraw";
  value: string | null;
  evidence: string | null;
  reason: string;
  by: string;
  at: string | null;
  fingerprint: string | null;
}

const SLUG = "expected an agency id (a lower-case slug, e.g. huaian-city)";
const YEAR = "expected a report year from 2008 to 2100, e.g. 2023";
const DATE = "expected a date YYYY-MM-DD, e.g. 2025-01-20";

/** A calendar date that exists. */
export const isIsoDate = (text: string): boolean =>
  /^\d{4}-\d{2}-\d{2}$/.test(text) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);

/** An http(s) URL with a host. */
export const isHttpUrl = (text: string): boolean => {
  const url = URL.parse(text);
  return url !== null && (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
};

/** A number as an office writes a cell: digits, maybe a sign and decimals. */
export const isCellNumber = (text: string): boolean => /^-?\d+(\.\d+)?$/.test(text.trim());

const text = (what: string) => z.string({ error: `expected ${what}` });

const entrySchema = z
  .strictObject(
    {
      agency: text("an agency id").regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, SLUG),
      year: z.number({ error: YEAR }).int(YEAR).min(2008, YEAR).max(2100, YEAR),
      finding: text(`a finding key: ${FINDING_KEY_EXAMPLES}`)
        .refine((k) => parseFindingKey(k) !== null, `expected a finding key: ${FINDING_KEY_EXAMPLES}`)
        .optional(),
      fact: text(`a fact: ${REVIEW_FACT_EXAMPLES}`)
        .refine(
          (k) => parseReviewFact(k) !== null,
          `expected a fact: ${REVIEW_FACT_EXAMPLES} (a cell of a form)`,
        )
        .optional(),
      action: z.enum(["confirm", "dismiss", "correct", "withdraw"], {
        error: "expected one of confirm, dismiss, correct, withdraw",
      }),
      value: z
        .union([z.string(), z.number()], {
          error: "expected the corrected value (a date, an agency id, a number)",
        })
        .transform(String)
        .optional(),
      evidence: text("the evidence (a URL, or where the right figure is printed)").trim().optional(),
      reason: text("the reason, in words").trim().optional(),
      by: text("who reviewed it (a name)").trim().min(1, "expected who reviewed it (a name)"),
      at: text("a time (ISO 8601, e.g. 2025-06-02T08:00:00.000Z)")
        .refine((t) => !Number.isNaN(Date.parse(t)) && /^\d{4}-\d{2}-\d{2}T/.test(t), {
          error: "expected a time (ISO 8601, e.g. 2025-06-02T08:00:00.000Z)",
        })
        .transform((t) => new Date(t).toISOString())
        .optional(),
      fingerprint: text("a fingerprint (16 hex digits, as an export writes it)")
        .regex(/^[0-9a-f]{16}$/, "expected a fingerprint (16 hex digits, as an export writes it)")
        .optional(),
    },
    { error: "expected a review (a mapping with agency, year, finding or fact, action, by)" },
  )
  .superRefine((e, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if ((e.finding === undefined) === (e.fact === undefined)) {
      issue(e.finding === undefined ? "finding" : "fact", "expected either finding or fact (one of them)");
      return;
    }
    if (e.finding !== undefined && e.action === "correct")
      issue("action", "expected confirm, dismiss or withdraw for a finding (correct is for a fact)");
    if (e.fact !== undefined && (e.action === "confirm" || e.action === "dismiss"))
      issue("action", "expected correct or withdraw for a fact (confirm and dismiss are for a finding)");
    if ((e.action === "dismiss" || e.action === "withdraw") && !e.reason)
      issue("reason", `expected the reason a ${e.action === "dismiss" ? "dismissal" : "withdrawal"} is made`);
    if (e.action !== "correct") {
      if (e.value !== undefined) issue("value", "expected no value (only a correction has one)");
      return;
    }
    const fact = parseReviewFact(e.fact ?? "");
    if (e.value === undefined) {
      issue("value", "expected the corrected value");
      return;
    }
    if (fact?.kind === "publish_date") {
      if (!isIsoDate(e.value)) issue("value", DATE);
      if (!e.evidence || !isHttpUrl(e.evidence))
        issue("evidence", "expected the http(s) URL that shows the publish date");
    } else if (fact?.kind === "cell") {
      if (!isCellNumber(e.value)) issue("value", "expected a number, e.g. 12");
      if (!e.evidence) issue("evidence", "expected where the right figure is printed (the source)");
    } else if (fact?.kind === "agency" && !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(e.value)) issue("value", SLUG);
  });

const fileSchema = z.strictObject(
  {
    version: z.literal(1, { error: "expected 1 (the only reviews file format so far)" }).optional(),
    reviews: z.array(entrySchema, { error: "expected a list of reviews" }),
  },
  { error: "expected a mapping with a reviews list" },
);

const fieldPath = (path: readonly PropertyKey[]) =>
  path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`)).join("");

/**
 * Validates a reviews file's data (parsed YAML or JSON); throws a ConfigError naming the file, the
 * field and what was expected there (`reviews.yaml: reviews[2].reason: expected the reason …`), with
 * every problem found. Checks against the store (the agency, the finding on its grade) are the
 * importer's.
 */
export function parseReviewsFile(data: unknown, file: string): ReviewEntry[] {
  if (data === null || data === undefined)
    throw new ConfigError([
      { file, field: "", expected: "the file is empty: expected a mapping with a reviews list" },
    ]);
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.flatMap((issue): ConfigIssue[] =>
      issue.code === "unrecognized_keys"
        ? issue.keys.map((key) => ({
            file,
            field: fieldPath([...issue.path, key]),
            expected: "unknown field (check its spelling)",
          }))
        : [{ file, field: fieldPath(issue.path), expected: issue.message }],
    );
    issues.sort(
      (a, b) => Number(b.expected.startsWith("unknown")) - Number(a.expected.startsWith("unknown")),
    );
    throw new ConfigError(issues);
  }
  return parsed.data.reviews.map((e) => ({
    agency: e.agency,
    year: e.year,
    finding: e.finding ?? null,
    fact: e.fact ?? null,
    action: e.action,
    value: e.value ?? null,
    evidence: e.evidence ?? null,
    reason: e.reason ?? "",
    by: e.by,
    at: e.at ?? null,
    fingerprint: e.fingerprint ?? null,
  }));
}

/** The file form of reviews (what `touming review export` writes): fields in a fixed order, empty ones left out. */
export function reviewsFileData(entries: readonly ReviewEntry[]): {
  version: 1;
  reviews: Record<string, unknown>[];
} {
  return {
    version: 1,
    reviews: entries.map((e) => ({
      agency: e.agency,
      year: e.year,
      ...(e.finding !== null ? { finding: e.finding } : { fact: e.fact }),
      action: e.action,
      ...(e.value !== null ? { value: e.value } : {}),
      ...(e.evidence !== null ? { evidence: e.evidence } : {}),
      ...(e.reason ? { reason: e.reason } : {}),
      by: e.by,
      ...(e.at !== null ? { at: e.at } : {}),
      ...(e.fingerprint !== null ? { fingerprint: e.fingerprint } : {}),
    })),
  };
}
