import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "./errors.js";
import { parseRegistry, readRegistryFile } from "./registry.js";

const valid = `
version: 1
defaults:
  crawl: { minHostDelayMs: 1000 }
agencies:
  - id: huaian-city
    name: 淮安市人民政府
    regionCode: "320800"
    level: city
    siteUrl: https://www.huaian.gov.cn/
    listUrls: [https://www.huaian.gov.cn/col/col16720/index.html]
  - id: huaian-fgw
    name: 淮安市发展和改革委员会
    regionCode: 320800
    level: department
    parent: huaian-city
    listUrls: [http://fgw.huaian.gov.cn/zfxxgk/ndbg/]
    deadline: "01-28"
    crawl: { minHostDelayMs: 0, allowPrivateAddresses: true }
`;

function rejection(text: string, knownIds?: Set<string>): string[] {
  try {
    parseRegistry(text, "agencies.yaml", knownIds);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues.map((i) => [i.file, i.field, i.expected].filter(Boolean).join(": "));
  }
  throw new Error("expected the registry to be rejected");
}

const oneAgency = (fields: string) =>
  `agencies:\n  - id: a\n    name: 甲\n    regionCode: "320800"\n    level: city\n${fields}`;

describe("parseRegistry", () => {
  it("reads agencies with defaults merged into each agency's crawl options", () => {
    const registry = parseRegistry(valid, "agencies.yaml");
    expect(registry.agencies).toEqual([
      {
        id: "huaian-city",
        name: "淮安市人民政府",
        regionCode: "320800",
        level: "city",
        parentId: null,
        siteUrl: "https://www.huaian.gov.cn/",
        listUrls: ["https://www.huaian.gov.cn/col/col16720/index.html"],
        deadlineOverride: null,
        crawlOptions: { minHostDelayMs: 1000 },
      },
      {
        id: "huaian-fgw",
        name: "淮安市发展和改革委员会",
        regionCode: "320800",
        level: "department",
        parentId: "huaian-city",
        siteUrl: null,
        listUrls: ["http://fgw.huaian.gov.cn/zfxxgk/ndbg/"],
        deadlineOverride: "01-28",
        crawlOptions: { minHostDelayMs: 0, allowPrivateAddresses: true },
      },
    ]);
  });

  it("accepts the same registry written as JSON", () => {
    const json = JSON.stringify({
      agencies: [
        { id: "a", name: "甲", regionCode: "110000", level: "province", siteUrl: "http://a.example/" },
      ],
    });
    expect(parseRegistry(json, "agencies.json").agencies.map((a) => a.id)).toEqual(["a"]);
  });

  it.each([
    [
      "a list URL that is not http(s)",
      "    listUrls: [ftp://x.example/a]\n",
      "agencies.yaml: agencies[0].listUrls[0]: expected an http(s) URL",
    ],
    [
      "a relative URL",
      "    siteUrl: /zfxxgk/\n",
      "agencies.yaml: agencies[0].siteUrl: expected an http(s) URL",
    ],
    [
      "no start URL",
      "",
      "agencies.yaml: agencies[0].listUrls: expected siteUrl or at least one listUrls entry (where the crawler starts)",
    ],
    ["an unknown level", "    siteUrl: http://a.example/\n    level: town\n", null],
    [
      "a misspelt field",
      "    siteUrl: http://a.example/\n    listUrl: [http://a.example/x]\n",
      "agencies.yaml: agencies[0].listUrl: unknown field (check its spelling)",
    ],
    [
      "a bad deadline",
      "    siteUrl: http://a.example/\n    deadline: 2025-01-31\n",
      "agencies.yaml: agencies[0].deadline: expected a date MM-DD of the year after the report year, e.g. 01-28",
    ],
    ["a negative delay", "    siteUrl: http://a.example/\n    crawl: { minHostDelayMs: -5 }\n", null],
    [
      "a string for a boolean",
      '    siteUrl: http://a.example/\n    crawl: { allowPrivateAddresses: "yes" }\n',
      "agencies.yaml: agencies[0].crawl.allowPrivateAddresses: expected true or false",
    ],
  ])("rejects %s, naming file, field and expectation", (_rule, fields, message) => {
    const issues = rejection(oneAgency(fields));
    if (message) expect(issues).toEqual([message]);
    else expect(issues).toHaveLength(1);
  });

  it("rejects an unknown level with the allowed values", () => {
    expect(
      rejection(oneAgency("    siteUrl: http://a.example/\n").replace("level: city", "level: town")),
    ).toEqual([
      "agencies.yaml: agencies[0].level: expected one of province, city, county, district, department",
    ]);
  });

  it("reports the position of the fourth agency's bad URL as in the docs", () => {
    const agencies = [0, 1, 2, 3]
      .map(
        (i) =>
          `  - { id: a${i}, name: 机关${i}, regionCode: "320800", level: county, listUrls: [${i === 3 ? "javascript:alert(1)" : `http://a${i}.example/`}] }`,
      )
      .join("\n");
    expect(rejection(`agencies:\n${agencies}\n`)).toEqual([
      "agencies.yaml: agencies[3].listUrls[0]: expected an http(s) URL",
    ]);
  });

  it("rejects duplicate ids and parents that do not exist, listing every problem", () => {
    const text = `agencies:
  - { id: a, name: 甲, regionCode: "320800", level: city, siteUrl: "http://a.example/" }
  - { id: a, name: 乙, regionCode: "320800", level: city, siteUrl: "http://b.example/" }
  - { id: c, name: 丙, regionCode: "320800", level: department, parent: nowhere, siteUrl: "http://c.example/" }
  - { id: d, name: 丁, regionCode: "320800", level: department, parent: d, siteUrl: "http://d.example/" }
`;
    expect(rejection(text)).toEqual([
      'agencies.yaml: agencies[1].id: a unique id ("a" is also agencies[0])',
      'agencies.yaml: agencies[2].parent: the id of an agency in this file or already imported ("nowhere" is neither)',
      "agencies.yaml: agencies[3].parent: another agency's id (not its own)",
    ]);
  });

  it("lets parent point at an agency imported earlier", () => {
    const text = oneAgency("    siteUrl: http://a.example/\n    parent: jiangsu\n");
    expect(parseRegistry(text, "agencies.yaml", new Set(["jiangsu"])).agencies[0]?.parentId).toBe("jiangsu");
  });

  it("rejects YAML syntax errors with line and column", () => {
    expect(rejection("agencies:\n  - id: a\n   name: [unclosed\n")[0]).toMatch(
      /^agencies\.yaml: line \d+, column \d+: not valid YAML: /,
    );
  });

  it("rejects files that are not a registry at all", () => {
    expect(rejection("- just\n- a list\n")).toEqual([
      "agencies.yaml: expected a mapping with an agencies list",
    ]);
    expect(rejection("agencies: []\n")).toEqual(["agencies.yaml: agencies: expected at least one agency"]);
  });

  it("summarises several problems in its one-line message", () => {
    const text = `agencies:
  - { id: A, name: 甲, regionCode: "32", level: city, siteUrl: "http://a.example/" }
`;
    try {
      parseRegistry(text, "agencies.yaml");
      throw new Error("expected rejection");
    } catch (error) {
      expect((error as Error).message).toBe(
        "agencies.yaml: agencies[0].id: expected a lower-case slug (letters, digits, hyphens), e.g. huaian-city (and 1 more problem)",
      );
    }
  });
});

describe("readRegistryFile", () => {
  it("names a missing file", async () => {
    await expect(readRegistryFile("/nonexistent/agencies.yaml")).rejects.toThrow(
      "/nonexistent/agencies.yaml: cannot read the registry: no such file",
    );
  });

  it("reads a file from disk", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "touming-registry-"));
    try {
      const file = path.join(dir, "agencies.yaml");
      writeFileSync(file, valid);
      expect((await readRegistryFile(file)).agencies).toHaveLength(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
