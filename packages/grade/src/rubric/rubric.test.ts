import { readFileSync, truncateSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { useTempDirs } from "@touming/testing";
import { describe, expect, it } from "vitest";
import { ConfigError } from "@touming/vocabulary";
import { MAX_RUBRIC_BYTES, loadRubric, parseRubric } from "./load-rubric.js";

const v1File = fileURLToPath(new URL("../../rubric/rubric-v1.json", import.meta.url));
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each case breaks the rubric its own way
type Json = any;
const v1 = (): Json => JSON.parse(readFileSync(v1File, "utf8"));

function rejection(data: unknown): string {
  try {
    parseRubric(data, "rubric.json");
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected the rubric to be rejected");
}

const edit = (change: (r: Json) => void) => {
  const r = v1();
  change(r);
  return r;
};

const SECTION_LIST =
  "overview, proactive, applications, review_litigation, fees, consultations, problems, improvements, assessment, other";

describe("parseRubric", () => {
  it("accepts rubric v1", () => {
    expect(parseRubric(v1(), "rubric.json")).toEqual(v1());
  });

  it.each<[string, unknown, string]>([
    [
      "not an object (null)",
      null,
      "(root): expected a rubric: a JSON object with version, title, grades and the six dimensions",
    ],
    [
      "not an object (a list)",
      [],
      "(root): expected a rubric: a JSON object with version, title, grades and the six dimensions",
    ],
    [
      "not an object (a string)",
      "rubric",
      "(root): expected a rubric: a JSON object with version, title, grades and the six dimensions",
    ],
    ["a missing version", edit((r) => delete r.version), 'version: expected a version string, e.g. "1"'],
    [
      "a number for the version",
      edit((r) => (r.version = 1)),
      'version: expected a version string, e.g. "1"',
    ],
    ["an empty title", edit((r) => (r.title = "  ")), "title: expected a title"],
    [
      "a missing dimension",
      edit((r) => delete r.substance),
      "substance: expected the substance dimension (an object with max, problems, improvements, specificMinChars, vagueMinChars, originality)",
    ],
    [
      "an unknown dimension",
      edit((r) => (r.speed = { max: 0 })),
      "speed: unknown field (check its spelling)",
    ],
    [
      "a misspelt dimension, named before the one it leaves missing",
      edit((r) => {
        r.timelines = r.timeliness;
        delete r.timeliness;
      }),
      "timelines: unknown field (check its spelling) (and 1 more problem)",
    ],
    [
      "a missing field",
      edit((r) => delete r.timeliness.onTime),
      "timeliness.onTime: expected a number of points (0 or more)",
    ],
    [
      "a string for points",
      edit((r) => (r.timeliness.onTime = "twenty")),
      "timeliness.onTime: expected a number of points (0 or more)",
    ],
    [
      "negative points",
      edit((r) => (r.timeliness.lateBeyondGrace = -1)),
      "timeliness.lateBeyondGrace: expected a number of points (0 or more)",
    ],
    [
      "a fraction of a day",
      edit((r) => (r.timeliness.lateGraceDays = 1.5)),
      "timeliness.lateGraceDays: expected a whole number (0 or more)",
    ],
    [
      "an infinite maximum (1e400 in the file)",
      edit((r) => (r.structure.max = Number.POSITIVE_INFINITY)),
      "structure.max: expected a number of points (0 or more)",
    ],
    [
      "dimension maxima not summing to 100",
      edit((r) => (r.accessibility = { max: 10, machineReadable: 8, ownSite: 2 })),
      "(root): expected dimension maxima summing to 100, got 105",
    ],
    [
      "on-time points below the dimension's maximum",
      edit((r) => (r.timeliness.onTime = 15)),
      "timeliness.onTime: expected the maximum, 20",
    ],
    [
      "late points above on-time points",
      edit((r) => (r.timeliness.lateBeyondGrace = 15)),
      "timeliness.lateBeyondGrace: expected at most lateWithinGrace (10)",
    ],
    [
      "grade thresholds out of order",
      edit((r) => {
        r.grades[0].min = 80;
        r.grades[1].min = 90;
      }),
      "grades[1].min: expected grades from best to worst, each min below the one before (80)",
    ],
    [
      "a letter twice",
      edit((r) => (r.grades[1].letter = "A")),
      'grades[1].letter: expected each letter once ("A" repeats)',
    ],
    ["no grade from 0", edit((r) => (r.grades[4].min = 10)), "grades[4].min: expected 0 for the last grade"],
    [
      "a grade above 100",
      edit((r) => (r.grades[0].min = 101)),
      "grades[0].min: expected a score from 0 to 100",
    ],
    [
      "a lower-case letter",
      edit((r) => (r.grades[0].letter = "a")),
      "grades[0].letter: expected a letter A-F",
    ],
    [
      "an unknown field in a grade",
      edit((r) => (r.grades[0].colour = "green")),
      "grades[0].colour: unknown field (check its spelling)",
    ],
    ["a single grade", edit((r) => r.grades.splice(0, 4)), "grades: expected at least two grades"],
    [
      "an unknown section key",
      edit((r) => r.structure.required2019.push("overveiw")),
      `structure.required2019[6]: expected a section key: ${SECTION_LIST}`,
    ],
    [
      "a section listed twice",
      edit((r) => (r.structure.required2019[1] = "overview")),
      "structure.required2019: expected each section key once",
    ],
    [
      "a table section that is not required",
      edit((r) => r.structure.tableSections.push("fees")),
      "structure.tableSections[3]: expected a section of required2019",
    ],
    [
      "section points not reaching the maximum",
      edit((r) => (r.structure.perSection = 2)),
      "structure.perSection: expected perSection × 6 sections of required2019 = max (15) (and 1 more problem)",
    ],
    [
      "table points not summing to the maximum",
      edit((r) => (r.dataDisclosure.tables2019.三 = 15)),
      "dataDisclosure.tables2019: expected 二 + 三 + 四 = max (20), got 25",
    ],
    [
      "an unknown table",
      edit((r) => (r.dataDisclosure.tables2019.五 = 1)),
      "dataDisclosure.tables2019.五: unknown field (check its spelling)",
    ],
    [
      "a legacy figure that is no prose figure key",
      edit((r) => (r.dataDisclosure.legacyFigures.fees = ["fees_yuan"])),
      "dataDisclosure.legacyFigures.fees[0]: expected a prose figure key, e.g. text.fees_yuan",
    ],
    [
      "legacy figures under an unknown section",
      edit((r) => (r.dataDisclosure.legacyFigures.feez = ["text.fees_yuan"])),
      `dataDisclosure.legacyFigures.feez: expected a section key: ${SECTION_LIST}`,
    ],
    [
      "an unknown hard check",
      edit((r) => r.integrity.hardChecks.push("T9-Z")),
      "integrity.hardChecks[5]: expected a hard check: T3-A, T3-B, T3-C, T4-A, NONNEG",
    ],
    [
      "no hard check",
      edit((r) => (r.integrity.hardChecks = [])),
      "integrity.hardChecks: expected at least one hard check",
    ],
    [
      "soft checks costing more than the dimension",
      edit((r) => (r.integrity.softCheckMaxCost = 50)),
      "integrity.softCheckMaxCost: expected at most max (25)",
    ],
    [
      "originality thresholds out of order",
      edit((r) => (r.substance.originality.fullBelow = 0.99)),
      "substance.originality.fullBelow: expected at most partialBelow",
    ],
    [
      "a share above 1",
      edit((r) => (r.substance.originality.partialBelow = 1.5)),
      "substance.originality.partialBelow: expected a share from 0 to 1",
    ],
    [
      "substance points not summing to the maximum",
      edit((r) => (r.substance.problems = 10)),
      "substance: expected problems + improvements + originality.max = max (15), got 20",
    ],
    [
      "length thresholds out of order",
      edit((r) => (r.substance.vagueMinChars = 100)),
      "substance.vagueMinChars: expected at most specificMinChars",
    ],
    [
      "accessibility points not summing to the maximum",
      edit((r) => (r.accessibility.machineReadable = 1)),
      "accessibility: expected machineReadable + ownSite = max (5)",
    ],
    [
      "missing indicators",
      edit((r) => delete r.indicators),
      "indicators: expected indicators (an object with minSample)",
    ],
  ])("rejects %s, naming the file, the field and what was expected", (_rule, data, message) => {
    expect(rejection(data)).toBe(`rubric.json: ${message}`);
  });
});

describe("loadRubric", () => {
  const tempDir = useTempDirs();
  const file = (content: string | Buffer) => {
    const f = path.join(tempDir(), "rubric.json");
    writeFileSync(f, content);
    return f;
  };

  it("reads a rubric saved with a byte-order mark, as Windows editors do", () => {
    expect(loadRubric(file(`\uFEFF${readFileSync(v1File, "utf8")}`))).toEqual(loadRubric(v1File));
  });

  it.each<[string, string | Buffer, RegExp]>([
    ["an empty file", "", /: the file is empty: expected a rubric \(a JSON object\)$/],
    ["white space only", " \n\t\n", /: the file is empty: expected a rubric \(a JSON object\)$/],
    ["YAML instead of JSON", "version: 1\ntitle: x\n", /: not valid JSON: /],
    ["an HTML page", "<html><body>rubric</body></html>", /: not valid JSON: /],
    ["binary bytes", Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0xff]), /: not valid JSON: /],
    ["JSON with a trailing comma", '{"version": "1",}', /: not valid JSON: /],
    ["a JSON list", "[]", /: \(root\): expected a rubric: a JSON object with version/],
  ])("rejects %s, naming the file", (_rule, content, message) => {
    const f = file(content);
    expect(() => loadRubric(f)).toThrow(ConfigError);
    expect(() => loadRubric(f)).toThrow(
      new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}${message.source}`),
    );
  });

  it("refuses a huge file without reading it", () => {
    const f = file("");
    truncateSync(f, MAX_RUBRIC_BYTES * 64);
    expect(() => loadRubric(f)).toThrow(
      `${f}: expected a rubric of at most ${MAX_RUBRIC_BYTES} bytes, got ${MAX_RUBRIC_BYTES * 64}`,
    );
  });

  it("names a missing file", () => {
    expect(() => loadRubric("/nonexistent/rubric.json")).toThrow(
      "/nonexistent/rubric.json: cannot read the rubric: no such file",
    );
  });
});
