import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { RubricError } from "../errors.js";

const points = z.number({ error: "expected a number of points" }).min(0);
const sectionKeys = z.array(z.string({ error: "expected a section key" }).min(1));

const rubricSchema = z.strictObject({
  version: z.string({ error: "expected a version string" }).min(1),
  title: z.string({ error: "expected a title" }).min(1),
  grades: z
    .array(
      z.strictObject({
        letter: z.string().regex(/^[A-F]$/, "expected a letter A-F"),
        label: z.string().min(1),
        min: points.max(100),
      }),
    )
    .min(2, "expected at least two grades")
    .refine((g) => g.some((x) => x.min === 0), "expected one grade with min 0"),
  timeliness: z.strictObject({
    max: points,
    onTime: points,
    lateGraceDays: z.number().int().min(0),
    lateWithinGrace: points,
    lateBeyondGrace: points,
  }),
  structure: z.strictObject({
    max: points,
    perSection: points,
    required2019: sectionKeys,
    requiredLegacy: sectionKeys,
    tableSections: sectionKeys,
  }),
  dataDisclosure: z.strictObject({
    max: points,
    tables2019: z.strictObject({ 二: points, 三: points, 四: points }),
    legacyFigures: z.record(z.string(), z.array(z.string())),
    pointsPerLegacyFigure: points,
  }),
  integrity: z.strictObject({
    max: points,
    softCheckCost: points,
    softCheckMaxCost: points,
    hardChecks: z.array(z.string()),
  }),
  substance: z.strictObject({
    max: points,
    problems: points,
    improvements: points,
    specificMinChars: z.number().int().min(0),
    vagueMinChars: z.number().int().min(0),
    originality: z.strictObject({
      max: points,
      fullBelow: z.number().min(0).max(1),
      partialBelow: z.number().min(0).max(1),
      partialPoints: points,
    }),
  }),
  accessibility: z.strictObject({ max: points, machineReadable: points, ownSite: points }),
  indicators: z.strictObject({ minSample: z.number().int().min(0) }),
});

export type Rubric = z.infer<typeof rubricSchema>;

const fieldPath = (path: readonly PropertyKey[]) =>
  path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`)).join("");

/** Validates a rubric (parsed JSON); throws RubricError naming file, field and expectation. */
export function parseRubric(data: unknown, file: string): Rubric {
  const parsed = rubricSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field =
      issue.code === "unrecognized_keys"
        ? `${fieldPath(issue.path)}${issue.path.length ? "." : ""}${issue.keys[0]}`
        : fieldPath(issue.path);
    const expected = issue.code === "unrecognized_keys" ? "unknown field" : issue.message;
    throw new RubricError(`${file}: ${field || "(root)"}: ${expected}`);
  }
  const r = parsed.data;
  const sum =
    r.timeliness.max +
    r.structure.max +
    r.dataDisclosure.max +
    r.integrity.max +
    r.substance.max +
    r.accessibility.max;
  if (Math.abs(sum - 100) > 1e-9)
    throw new RubricError(`${file}: (root): expected dimension maxima summing to 100, got ${sum}`);
  return r;
}

/** Reads a rubric file (JSON); the built-in version 1 when no file is given. */
export function loadRubric(file?: string): Rubric {
  const path = file ?? fileURLToPath(new URL("../../rubric/rubric-v1.json", import.meta.url));
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new RubricError(
      `${path}: cannot read the rubric: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new RubricError(`${path}: not valid JSON: ${(error as Error).message}`);
  }
  return parseRubric(data, path);
}

export function letterFor(rubric: Rubric, score: number): { letter: string; label: string } {
  const grade = [...rubric.grades].sort((a, b) => b.min - a.min).find((g) => score >= g.min)!;
  return { letter: grade.letter, label: grade.label };
}
