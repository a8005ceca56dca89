import { TOTAL_DIMENSION } from "@touming/vocabulary";
import { z } from "zod";
import { type AnyDimension, type ConsistencyProblem, near } from "../dimension.js";
import { type Caps, capsSchema } from "./caps.js";
import { count } from "./config-fields.js";

/** One grade of the rubric's scale: a letter, its label, the lowest score that earns it. */
export interface RubricGrade {
  letter: string;
  label: string;
  min: number;
}

/**
 * A validated rubric: the grade scale, the indicators' minimum sample and each dimension's config
 * under its `configKey` (`timeliness`, `dataDisclosure`…), as the file has them.
 */
export interface Rubric {
  version: string;
  title: string;
  grades: RubricGrade[];
  indicators: { minSample: number };
  /** Version 2: caps applied after the sum. */
  caps?: Caps;
  readonly [configKey: string]: unknown;
}

const baseFields = {
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
};
const indicators = z.strictObject(
  { minSample: count },
  { error: "expected indicators (an object with minSample)" },
);

const COUNT_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
const countWord = (n: number) => COUNT_WORDS[n] ?? String(n);

/** Refuses a dimension list that cannot make a rubric: a key or config field twice, or one the rubric has already. */
function checkDimensionList(dimensions: readonly AnyDimension[]): void {
  const keys = new Set<string>([TOTAL_DIMENSION]);
  const fields = new Set<string>([...Object.keys(baseFields), "indicators", "caps"]);
  for (const d of dimensions) {
    if (keys.has(d.key)) throw new Error(`dimension key "${d.key}" is used twice (or is the total's)`);
    if (fields.has(d.configKey)) throw new Error(`rubric field "${d.configKey}" is used twice`);
    keys.add(d.key);
    fields.add(d.configKey);
  }
}

const schemas = new WeakMap<readonly AnyDimension[], z.ZodType>();

/** The schema of a rubric with these dimensions: the grade scale, each dimension's config, the indicators. */
export function rubricSchema(dimensions: readonly AnyDimension[]): z.ZodType {
  let schema = schemas.get(dimensions);
  if (!schema) {
    checkDimensionList(dimensions);
    schema = z.strictObject(
      {
        ...baseFields,
        ...Object.fromEntries(dimensions.map((d) => [d.configKey, d.configSchema])),
        indicators,
        caps: capsSchema.optional(),
      },
      {
        error: `expected a rubric: a JSON object with version, title, grades and the ${countWord(dimensions.length)} dimensions`,
      },
    );
    schemas.set(dimensions, schema);
  }
  return schema;
}

/** A field of a dimension's config, from the rubric's root: `structure` + `tableSections[0]`. */
const fieldOf = (configKey: string, field: string) =>
  field === "" ? configKey : field.startsWith("[") ? `${configKey}${field}` : `${configKey}.${field}`;

/**
 * What the schema cannot say: the dimension maxima add up to 100 (a perfect report scores 100),
 * the grades go from best to worst down to 0, and each dimension's own rules hold.
 */
export function consistencyProblems(
  rubric: Rubric,
  dimensions: readonly AnyDimension[],
): ConsistencyProblem[] {
  const problems: ConsistencyProblem[] = [];
  const check = (ok: boolean, field: string, expected: string) => {
    if (!ok) problems.push({ field, expected });
  };
  const sum = dimensions.reduce((total, d) => total + d.max(rubric[d.configKey]), 0);
  check(near(sum, 100), "(root)", `expected dimension maxima summing to 100, got ${sum}`);

  const grades = rubric.grades;
  const letters = grades.map((g) => g.letter);
  grades.forEach((g, i) => {
    const before = grades[i - 1];
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
  check(grades.at(-1)?.min === 0, `grades[${grades.length - 1}].min`, "expected 0 for the last grade");

  for (const d of dimensions) {
    for (const p of d.consistency(rubric[d.configKey]))
      problems.push({ field: fieldOf(d.configKey, p.field), expected: p.expected });
  }
  return problems;
}

/** A dimension's config in a rubric; a programming error when the rubric was not made with that dimension. */
export function configOf(rubric: Rubric, dimension: AnyDimension): unknown {
  const config = rubric[dimension.configKey];
  if (config === undefined)
    throw new Error(
      `the rubric has no "${dimension.configKey}": parse it with the ${dimension.key} dimension among its dimensions`,
    );
  return config;
}

/** The letter and label a score earns. */
export function letterFor(rubric: Rubric, score: number): { letter: string; label: string } {
  const grade = [...rubric.grades].sort((a, b) => b.min - a.min).find((g) => score >= g.min)!;
  return { letter: grade.letter, label: grade.label };
}
