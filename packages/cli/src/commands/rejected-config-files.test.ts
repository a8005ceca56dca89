import { readFileSync, truncateSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { openStore, saveExtraction } from "@touming/store";
import { describe, expect, it } from "vitest";
import { withDatabase } from "../testing/store-snapshot.js";
import { useCli } from "../testing/in-process-cli.js";

// Issue 8, bad input: a registry or rubric with any kind of mistake is refused as a whole, with a
// one-line reason naming the file and the field, and the store keeps every row as it was.
const { dir, run } = useCli();

const registry = `version: 1
agencies:
  - { id: huaian-city, name: 淮安市人民政府, regionCode: "320800", level: city, siteUrl: "https://www.huaian.gov.cn/" }
  - { id: huaian-fgw, name: 淮安市发展和改革委员会, regionCode: "320800", level: department, parent: huaian-city, listUrls: ["http://fgw.huaian.gov.cn/ndbg/"] }
`;
const rubricV1 = path.join(
  path.dirname(createRequire(import.meta.url).resolve("@touming/grade/package.json")),
  "rubric/rubric-v1.json",
);

/** Every column of every row, timestamps included: "unchanged" means not even touched. */
const rows = (data: string, table: "agencies" | "grades") =>
  withDatabase(path.join(data, "touming.db"), (db) =>
    db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all(),
  );

/** The last line of stderr, the reason; any lines before it are JSON log lines of further problems. */
function reason(stderr: string): string {
  const lines = stderr.trimEnd().split("\n");
  for (const line of lines.slice(0, -1)) expect(() => JSON.parse(line) as unknown).not.toThrow();
  return lines.at(-1)!;
}

function write(data: string, name: string, content: string | Buffer): string {
  const file = path.join(data, name);
  writeFileSync(file, content);
  return file;
}

describe("touming agencies import FILE with a mistake", () => {
  const cases: [string, string | ((file: string) => void), string][] = [
    ["an empty file", "", "the file is empty: expected a mapping with an agencies list"],
    ["a list instead of a registry", "- huaian-city\n", "expected a mapping with an agencies list"],
    [
      "a tab for indentation",
      registry.replace("agencies:\n  - {", "agencies:\n\t- {"),
      "line 3, column 1: not valid YAML: indent with spaces, not tabs (and 1 more problem)",
    ],
    [
      "a misspelt field",
      registry.replace("listUrls:", "listUrl:"),
      // Named first, before the list it leaves empty.
      "agencies[1].listUrl: unknown field (check its spelling) (and 1 more problem)",
    ],
    [
      "a password in a URL",
      registry.replace("https://www.huaian.gov.cn/", "https://admin:secret@www.huaian.gov.cn/"),
      "agencies[0].siteUrl: expected an http(s) URL without a user name or password",
    ],
    [
      "an impossible deadline",
      registry.replace('listUrls: ["http', 'deadline: "13-40", listUrls: ["http'),
      "agencies[1].deadline: expected a date MM-DD of the year after the report year, e.g. 01-28",
    ],
    [
      "a parent that closes a cycle through a stored agency",
      `agencies:\n  - { id: huaian-city, name: 淮安市人民政府, regionCode: "320800", level: city, parent: huaian-fgw, siteUrl: "https://www.huaian.gov.cn/" }\n`,
      "agencies[0].parent: an agency that is not below this one (huaian-city → huaian-fgw → huaian-city is a cycle)",
    ],
    [
      "a good change next to a mistake",
      registry
        .replace("name: 淮安市人民政府", "name: 淮安市政府")
        .replace("level: department", "level: bureau"),
      "agencies[1].level: expected one of province, city, county, district, department",
    ],
    [
      "a file too large to be a registry",
      (file) => truncateSync(file, 64 * 1024 * 1024),
      `a registry of at most ${32 * 1024 * 1024} bytes (this file has ${64 * 1024 * 1024})`,
    ],
  ];

  it.each(cases)(
    "%s: exits 1 naming file and field, and writes nothing",
    async (_rule, content, expected) => {
      const data = dir();
      expect((await run(data, ["agencies", "import", write(data, "agencies.yaml", registry)])).code).toBe(0);
      const before = rows(data, "agencies");
      expect(before).toHaveLength(2);

      const file = write(data, "bad.yaml", typeof content === "string" ? content : "");
      if (typeof content === "function") content(file);
      const result = await run(data, ["agencies", "import", file]);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe("");
      expect(reason(result.stderr)).toBe(`touming: ${file}: ${expected}`);
      expect(rows(data, "agencies")).toEqual(before);
    },
  );
});

describe("touming grade --rubric FILE with a mistake", () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each case breaks the rubric its own way
  const v1 = (): any => JSON.parse(readFileSync(rubricV1, "utf8"));
  const edited = (change: (r: ReturnType<typeof v1>) => void) => {
    const r = v1();
    change(r);
    return JSON.stringify(r);
  };

  /** A store with two agencies and one report, graded by rubric v1. */
  async function graded(): Promise<string> {
    const data = dir();
    expect((await run(data, ["agencies", "import", write(data, "agencies.yaml", registry)])).code).toBe(0);
    const store = await openStore({ dataDir: data });
    try {
      await saveExtraction(store.db, {
        documentId: null,
        agencyId: "huaian-city",
        year: 2024,
        publishDate: "2025-01-20",
        format: "2021",
        text: "一、总体情况\n二、主动公开政府信息情况",
        values: [],
        sections: [{ key: "overview", title: "一、总体情况", text: "一、总体情况" }],
        checks: [],
        extractorVersion: "2",
      });
    } finally {
      await store.close();
    }
    expect((await run(data, ["grade"])).code).toBe(0);
    return data;
  }

  const cases: [string, string | ((file: string) => void), string | RegExp][] = [
    ["YAML instead of JSON", "version: 1\ntitle: 细则\n", /^not valid JSON: /],
    ["an empty file", "", "the file is empty: expected a rubric (a JSON object)"],
    [
      "weights not summing to 100",
      edited((r) => (r.accessibility = { max: 10, machineReadable: 8, ownSite: 2 })),
      "(root): expected dimension maxima summing to 100, got 105",
    ],
    [
      "a missing dimension",
      edited((r) => delete r.integrity),
      "integrity: expected the integrity dimension (an object with max, softCheckCost, softCheckMaxCost, hardChecks, perFailedHard, nothingToCheck)",
    ],
    [
      "an unknown dimension",
      edited((r) => (r.speed = { max: 0 })),
      "speed: unknown field (check its spelling)",
    ],
    [
      "grade thresholds out of order",
      edited((r) => (r.grades[1].min = 95)),
      "grades[1].min: expected grades from best to worst, each min below the one before (90)",
    ],
    [
      "text for a number",
      edited((r) => (r.timeliness.onTime = "20")),
      "timeliness.onTime: expected a number of points (0 or more)",
    ],
    [
      "a file too large to be a rubric",
      (file) => truncateSync(file, 8 * 1024 * 1024),
      `expected a rubric of at most ${1024 * 1024} bytes, got ${8 * 1024 * 1024}`,
    ],
  ];

  it.each(cases)(
    "%s: exits 1 naming file and field, and changes no grade",
    async (_rule, content, expected) => {
      const data = await graded();
      const before = rows(data, "grades");
      expect(before.length).toBeGreaterThan(0);

      const file = write(data, "rubric.json", typeof content === "string" ? content : "");
      if (typeof content === "function") content(file);
      const result = await run(data, ["grade", "--rubric", file]);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe("");
      const line = reason(result.stderr);
      if (typeof expected === "string") expect(line).toBe(`touming: ${file}: ${expected}`);
      else expect(line.slice(`touming: ${file}: `.length)).toMatch(expected);
      expect(rows(data, "grades")).toEqual(before);
    },
  );

  it("a rubric that is valid does change the grades (the comparison above can see a change)", async () => {
    const data = await graded();
    const before = rows(data, "grades");
    const file = write(
      data,
      "rubric.json",
      edited((r) => (r.version = "1-test")),
    );
    expect((await run(data, ["grade", "--rubric", file])).code).toBe(0);
    expect(rows(data, "grades")).not.toEqual(before);
  });
});
