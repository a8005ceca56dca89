import { readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ConfigError, type ConfigIssue } from "@touming/vocabulary";
import type { z } from "zod";
import type { AnyDimension, ConsistencyProblem } from "../dimension.js";
import { BUILT_IN_DIMENSIONS } from "../dimensions/index.js";
import { type Rubric, consistencyProblems, rubricSchema } from "./rubric-schema.js";

/** A rubric is a page of JSON; a file this large is something else. */
export const MAX_RUBRIC_BYTES = 1024 * 1024;

/** The rubric files shipped with the project, by version: each stays loadable and re-gradable. */
export const RUBRIC_FILES: Readonly<Record<"1" | "2", string>> = {
  "1": fileURLToPath(new URL("../../rubric/rubric-v1.json", import.meta.url)),
  "2": fileURLToPath(new URL("../../rubric/rubric-v2.json", import.meta.url)),
};

/** The rubric the project grades by unless told otherwise: version 2. */
export const BUILT_IN_RUBRIC_FILE = RUBRIC_FILES["2"];

export interface RubricOptions {
  /** The dimensions the rubric configures (default: the built-in six). */
  dimensions?: readonly AnyDimension[];
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

const reject = (file: string, problems: readonly ConsistencyProblem[]): never => {
  throw new ConfigError(
    problems.map((p): ConfigIssue => ({ file, field: p.field || "(root)", expected: p.expected })),
  );
};

/**
 * Validates a rubric (parsed JSON) for these dimensions; throws a ConfigError naming the file, the
 * field and what was expected there, with the number of further problems.
 *
 * @example
 *   const rubric = parseRubric(JSON.parse(text), "rubric.json");
 */
export function parseRubric(data: unknown, file: string, options: RubricOptions = {}): Rubric {
  const dimensions = options.dimensions ?? BUILT_IN_DIMENSIONS;
  const parsed = rubricSchema(dimensions).safeParse(data, { error: fallbackMessage });
  if (!parsed.success) {
    const problems = parsed.error.issues.flatMap((issue): ConsistencyProblem[] =>
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
  const rubric = parsed.data as Rubric;
  const problems = consistencyProblems(rubric, dimensions);
  if (problems.length > 0) reject(file, problems);
  return rubric;
}

/** Reads a rubric file (JSON, UTF-8 with or without a BOM); the built-in version 2 when no file is given. */
export function loadRubric(file?: string, options: RubricOptions = {}): Rubric {
  const path = file ?? BUILT_IN_RUBRIC_FILE;
  const refuse = (expected: string, cause?: unknown): never => {
    throw new ConfigError([{ file: path, field: "", expected }], cause === undefined ? undefined : { cause });
  };
  let text = "";
  let size = 0;
  try {
    size = statSync(path).size;
    if (size <= MAX_RUBRIC_BYTES) text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    refuse(`cannot read the rubric: ${code === "ENOENT" ? "no such file" : (error as Error).message}`, error);
  }
  if (size > MAX_RUBRIC_BYTES) refuse(`expected a rubric of at most ${MAX_RUBRIC_BYTES} bytes, got ${size}`);
  // Windows editors save JSON with a byte-order mark, which JSON.parse refuses.
  const json = text.replace(/^\uFEFF/, "");
  if (json.trim() === "") refuse("the file is empty: expected a rubric (a JSON object)");
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    refuse(`not valid JSON: ${(error as Error).message}`, error);
  }
  return parseRubric(data, path, options);
}
