import { readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { RubricError } from "../errors.js";

/** A rubric is a page of JSON; a file this large is something else. */
export const MAX_RUBRIC_BYTES = 1024 * 1024;

/** Section keys the extractor gives (extract's fields/sections.ts). */
const SECTION_KEYS: readonly string[] = [
  "overview",
  "proactive",
  "applications",
  "review_litigation",
  "fees",
  "consultations",
  "problems",
  "improvements",
  "other",
];
/** Hard identities the extractor checks (report-format.md). */
const HARD_CHECKS: readonly string[] = ["T3-A", "T3-B", "T3-C", "T4-A", "NONNEG"];

// Strings from a fixed list, typed as strings: the grading code compares them with extracted keys.
const oneOf = (values: readonly string[], what: string) => {
  const expected = `expected ${what}: ${values.join(", ")}`;
  return z.string({ error: expected }).refine((v) => values.includes(v), expected);
};

const points = z.number({ error: "expected a number of points (0 or more)" }).min(0);
const count = z.number({ error: "expected a whole number (0 or more)" }).int().min(0);
const share = z.number({ error: "expected a share from 0 to 1" }).min(0).max(1);
const sectionKey = oneOf(SECTION_KEYS, "a section key");
const sectionKeys = z
  .array(sectionKey, { error: "expected a list of section keys" })
  .min(1, "expected at least one section key")
  .refine((keys) => new Set(keys).size === keys.length, "expected each section key once");
const dimension = <T extends z.core.$ZodLooseShape>(name: string, shape: T) =>
  z.strictObject(shape, {
    error: `expected the ${name} dimension (an object with ${Object.keys(shape).join(", ")})`,
  });

const rubricSchema = z.strictObject(
  {
    version: z
      .string({ error: 'expected a version string, e.g. "1"' })
      .trim()
      .min(1, 'expected a version string, e.g. "1"'),
    title: z.string({ error: "expected a title" }).trim().min(1, "expected a title"),
    grades: z
      .array(
        z.strictObject(
          {
            letter: z.string({ error: "expected a letter A-F" }).regex(/^[A-F]$/, "expected a letter A-F"),
            label: z.string({ error: "expected a label" }).trim().min(1, "expected a label"),
            min: z.number({ error: "expected a score from 0 to 100" }).min(0).max(100),
          },
          { error: "expected a grade (an object with letter, label, min)" },
        ),
        { error: "expected a list of grades" },
      )
      .min(2, "expected at least two grades"),
    timeliness: dimension("timeliness", {
      max: points,
      onTime: points,
      lateGraceDays: count,
      lateWithinGrace: points,
      lateBeyondGrace: points,
    }),
    structure: dimension("structure", {
      max: points,
      perSection: points,
      required2019: sectionKeys,
      requiredLegacy: sectionKeys,
      tableSections: sectionKeys,
    }),
    dataDisclosure: dimension("dataDisclosure", {
      max: points,
      tables2019: z.strictObject(
        { 二: points, 三: points, 四: points },
        { error: "expected the points of tables 二, 三 and 四" },
      ),
      legacyFigures: z
        .record(
          sectionKey,
          z
            .array(z.string().regex(/^text\.[a-z_]+$/, "expected a prose figure key, e.g. text.fees_yuan"), {
              error: "expected a list of prose figure keys",
            })
            .min(1, "expected at least one prose figure key"),
          {
            error: (issue) =>
              issue.code === "invalid_key"
                ? `expected a section key: ${SECTION_KEYS.join(", ")}`
                : "expected prose figure keys by section",
          },
        )
        .refine((r) => Object.keys(r).length > 0, "expected at least one section"),
      pointsPerLegacyFigure: points,
    }),
    integrity: dimension("integrity", {
      max: points,
      softCheckCost: points,
      softCheckMaxCost: points,
      hardChecks: z
        .array(oneOf(HARD_CHECKS, "a hard check"), { error: "expected a list of hard checks" })
        .min(1, "expected at least one hard check"),
    }),
    substance: dimension("substance", {
      max: points,
      problems: points,
      improvements: points,
      specificMinChars: count,
      vagueMinChars: count,
      originality: z.strictObject(
        { max: points, fullBelow: share, partialBelow: share, partialPoints: points },
        { error: "expected originality (an object with max, fullBelow, partialBelow, partialPoints)" },
      ),
    }),
    accessibility: dimension("accessibility", { max: points, machineReadable: points, ownSite: points }),
    indicators: z.strictObject(
      { minSample: count },
      { error: "expected indicators (an object with minSample)" },
    ),
  },
  { error: "expected a rubric: a JSON object with version, title, grades and the six dimensions" },
);

export type Rubric = z.infer<typeof rubricSchema>;

interface Problem {
  field: string;
  expected: string;
}

const fieldPath = (path: readonly PropertyKey[]) =>
  path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`)).join("");

/** What zod says where a field gives no message of its own: a missing field, an unexpected type. */
function fallbackMessage(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === "invalid_type") {
    return issue.input === undefined ? `missing: expected ${issue.expected}` : `expected ${issue.expected}`;
  }
  if (issue.code === "too_small") return `expected at least ${String(issue.minimum)}`;
  if (issue.code === "too_big") return `expected at most ${String(issue.maximum)}`;
  return undefined;
}

const near = (a: number, b: number) => Math.abs(a - b) < 1e-9;

/**
 * What the schema cannot say: the points of each dimension must reach its maximum and no more (a
 * perfect report scores 100), thresholds must come in order, grades from best to worst.
 */
function consistencyProblems(r: Rubric): Problem[] {
  const problems: Problem[] = [];
  const check = (ok: boolean, field: string, expected: string) => {
    if (!ok) problems.push({ field, expected });
  };
  const sum =
    r.timeliness.max +
    r.structure.max +
    r.dataDisclosure.max +
    r.integrity.max +
    r.substance.max +
    r.accessibility.max;
  check(near(sum, 100), "(root)", `expected dimension maxima summing to 100, got ${sum}`);

  const letters = r.grades.map((g) => g.letter);
  r.grades.forEach((g, i) => {
    const before = r.grades[i - 1];
    check(
      !before || g.min < before.min,
      `grades[${i}].min`,
      `expected grades from best to worst, each min below the one before (${before?.min ?? ""})`,
    );
    check(
      letters.indexOf(g.letter) === i,
      `grades[${i}].letter`,
      `expected each letter once ("${g.letter}" repeats)`,
    );
  });
  check(r.grades.at(-1)?.min === 0, `grades[${r.grades.length - 1}].min`, "expected 0 for the last grade");

  const t = r.timeliness;
  check(near(t.onTime, t.max), "timeliness.onTime", `expected the maximum, ${t.max}`);
  check(t.lateWithinGrace <= t.onTime, "timeliness.lateWithinGrace", `expected at most onTime (${t.onTime})`);
  check(
    t.lateBeyondGrace <= t.lateWithinGrace,
    "timeliness.lateBeyondGrace",
    `expected at most lateWithinGrace (${t.lateWithinGrace})`,
  );

  const s = r.structure;
  for (const list of ["required2019", "requiredLegacy"] as const) {
    check(
      near(s.perSection * s[list].length, s.max),
      "structure.perSection",
      `expected perSection × ${s[list].length} sections of ${list} = max (${s.max})`,
    );
  }
  s.tableSections.forEach((key, i) =>
    check(
      s.required2019.includes(key),
      `structure.tableSections[${i}]`,
      `expected a section of required2019`,
    ),
  );

  const d = r.dataDisclosure;
  const tables = d.tables2019.二 + d.tables2019.三 + d.tables2019.四;
  check(
    near(tables, d.max),
    "dataDisclosure.tables2019",
    `expected 二 + 三 + 四 = max (${d.max}), got ${tables}`,
  );
  const figures = Object.keys(d.legacyFigures).length;
  check(
    near(d.pointsPerLegacyFigure * figures, d.max),
    "dataDisclosure.pointsPerLegacyFigure",
    `expected pointsPerLegacyFigure × ${figures} sections of legacyFigures = max (${d.max})`,
  );

  const g = r.integrity;
  check(
    g.softCheckCost <= g.softCheckMaxCost,
    "integrity.softCheckCost",
    "expected at most softCheckMaxCost",
  );
  check(g.softCheckMaxCost <= g.max, "integrity.softCheckMaxCost", `expected at most max (${g.max})`);

  const u = r.substance;
  const best = u.problems + u.improvements + u.originality.max;
  check(
    near(best, u.max),
    "substance",
    `expected problems + improvements + originality.max = max (${u.max}), got ${best}`,
  );
  check(
    u.vagueMinChars <= u.specificMinChars,
    "substance.vagueMinChars",
    "expected at most specificMinChars",
  );
  check(
    u.originality.fullBelow <= u.originality.partialBelow,
    "substance.originality.fullBelow",
    "expected at most partialBelow",
  );
  check(
    u.originality.partialPoints <= u.originality.max,
    "substance.originality.partialPoints",
    "expected at most originality.max",
  );

  const a = r.accessibility;
  check(
    near(a.machineReadable + a.ownSite, a.max),
    "accessibility",
    `expected machineReadable + ownSite = max (${a.max})`,
  );
  return problems;
}

function reject(file: string, problems: readonly Problem[]): never {
  const first = problems[0]!;
  const more =
    problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? "s" : ""})` : "";
  throw new RubricError(`${file}: ${first.field || "(root)"}: ${first.expected}${more}`);
}

/**
 * Validates a rubric (parsed JSON); throws RubricError naming the file, the field and what was
 * expected there, with the number of further problems.
 *
 * @example
 *   const rubric = parseRubric(JSON.parse(text), "rubric.json");
 */
export function parseRubric(data: unknown, file: string): Rubric {
  const parsed = rubricSchema.safeParse(data, { error: fallbackMessage });
  if (!parsed.success) {
    const problems = parsed.error.issues.flatMap((issue): Problem[] =>
      issue.code === "unrecognized_keys"
        ? issue.keys.map((key) => ({
            field: fieldPath([...issue.path, key]),
            expected: "unknown field (check its spelling)",
          }))
        : [{ field: fieldPath(issue.path), expected: issue.message }],
    );
    // A misspelt field is also a missing one: name the misspelling first.
    problems.sort(
      (a, b) => Number(b.expected.startsWith("unknown")) - Number(a.expected.startsWith("unknown")),
    );
    reject(file, problems);
  }
  const problems = consistencyProblems(parsed.data);
  if (problems.length > 0) reject(file, problems);
  return parsed.data;
}

/** Reads a rubric file (JSON, UTF-8 with or without a BOM); the built-in version 1 when no file is given. */
export function loadRubric(file?: string): Rubric {
  const path = file ?? fileURLToPath(new URL("../../rubric/rubric-v1.json", import.meta.url));
  let text: string;
  try {
    const size = statSync(path).size;
    if (size > MAX_RUBRIC_BYTES) {
      throw new RubricError(`${path}: expected a rubric of at most ${MAX_RUBRIC_BYTES} bytes, got ${size}`);
    }
    text = readFileSync(path, "utf8");
  } catch (error) {
    if (error instanceof RubricError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new RubricError(
      `${path}: cannot read the rubric: ${code === "ENOENT" ? "no such file" : (error as Error).message}`,
      { cause: error },
    );
  }
  // Windows editors save JSON with a byte-order mark, which JSON.parse refuses.
  const json = text.replace(/^\uFEFF/, "");
  if (json.trim() === "")
    throw new RubricError(`${path}: the file is empty: expected a rubric (a JSON object)`);
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    throw new RubricError(`${path}: not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  return parseRubric(data, path);
}

export function letterFor(rubric: Rubric, score: number): { letter: string; label: string } {
  const grade = [...rubric.grades].sort((a, b) => b.min - a.min).find((g) => score >= g.min)!;
  return { letter: grade.letter, label: grade.label };
}
