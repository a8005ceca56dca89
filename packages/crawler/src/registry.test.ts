import { truncateSync, writeFileSync } from "node:fs";
import path from "node:path";
import { useTempDirs } from "@touming/testing";
import { describe, expect, it } from "vitest";
import { ConfigError } from "./errors.js";
import { MAX_REGISTRY_BYTES, parseRegistry, readRegistryFile } from "./registry.js";

const tempDir = useTempDirs();

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
    monitorFrom: 2019
    monitorUntil: 2024
    crawl: { minHostDelayMs: 0, allowPrivateAddresses: true }
`;

function rejection(text: string, known?: Set<string> | Map<string, string | null>): string[] {
  try {
    parseRegistry(text, "agencies.yaml", known);
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
        monitorFrom: null,
        monitorUntil: null,
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
        monitorFrom: 2019,
        monitorUntil: 2024,
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

  it.each<[string, string, number | null, number | null]>([
    ["neither bound", "", null, null],
    ["only monitorFrom", "    monitorFrom: 2022\n", 2022, null],
    ["only monitorUntil", "    monitorUntil: 2020\n", null, 2020],
    ["one year only", "    monitorFrom: 2021\n    monitorUntil: 2021\n", 2021, 2021],
    ["the first and last years allowed", "    monitorFrom: 2008\n    monitorUntil: 2100\n", 2008, 2100],
  ])("reads the monitoring window: %s", (_case, fields, from, until) => {
    const [agency] = parseRegistry(
      oneAgency(`    siteUrl: http://a.example/\n${fields}`),
      "agencies.yaml",
    ).agencies;
    expect([agency?.monitorFrom, agency?.monitorUntil]).toEqual([from, until]);
  });

  it.each<[string, string, string[]]>([
    [
      "monitorUntil before monitorFrom",
      "    monitorFrom: 2020\n    monitorUntil: 2019\n",
      ["agencies.yaml: agencies[0].monitorUntil: expected a report year from monitorFrom (2020) to 2100"],
    ],
    [
      "a year before 2008",
      "    monitorFrom: 2007\n",
      ["agencies.yaml: agencies[0].monitorFrom: expected a report year from 2008 to 2100, e.g. 2019"],
    ],
    [
      "a year after 2100",
      "    monitorUntil: 2101\n",
      ["agencies.yaml: agencies[0].monitorUntil: expected a report year from 2008 to 2100, e.g. 2019"],
    ],
    [
      "a year written as text",
      '    monitorFrom: "2019"\n',
      ["agencies.yaml: agencies[0].monitorFrom: expected a report year from 2008 to 2100, e.g. 2019"],
    ],
    [
      "a date instead of a year",
      "    monitorFrom: 2019-01-01\n",
      ["agencies.yaml: agencies[0].monitorFrom: expected a report year from 2008 to 2100, e.g. 2019"],
    ],
    [
      "a fraction",
      "    monitorUntil: 2020.5\n",
      ["agencies.yaml: agencies[0].monitorUntil: expected a report year from 2008 to 2100, e.g. 2019"],
    ],
    [
      "both bounds out of range",
      "    monitorFrom: 19\n    monitorUntil: 21\n",
      [
        "agencies.yaml: agencies[0].monitorFrom: expected a report year from 2008 to 2100, e.g. 2019",
        "agencies.yaml: agencies[0].monitorUntil: expected a report year from 2008 to 2100, e.g. 2019",
      ],
    ],
    [
      "a misspelt bound",
      "    monitorSince: 2019\n",
      ["agencies.yaml: agencies[0].monitorSince: unknown field (check its spelling)"],
    ],
  ])("rejects a bad monitoring window: %s", (_case, fields, problems) => {
    expect(rejection(oneAgency(`    siteUrl: http://a.example/\n${fields}`))).toEqual(problems);
  });

  it("names the agency whose window is reversed by its position", () => {
    const text = `agencies:
  - { id: a, name: 甲, regionCode: "320800", level: city, siteUrl: "http://a.example/", monitorFrom: 2019 }
  - { id: b, name: 乙, regionCode: "320800", level: city, siteUrl: "http://b.example/" }
  - { id: c, name: 丙, regionCode: "320800", level: city, siteUrl: "http://c.example/", monitorFrom: 2020, monitorUntil: 2018 }
`;
    expect(rejection(text)).toEqual([
      "agencies.yaml: agencies[2].monitorUntil: expected a report year from monitorFrom (2020) to 2100",
    ]);
  });

  it("reads allowInvalidCertificates per agency, over the defaults, and refuses anything but a boolean", () => {
    const text = `defaults:
  crawl: { allowInvalidCertificates: false }
agencies:
  - { id: a, name: 甲, regionCode: "110000", level: province, siteUrl: "https://a.example/", crawl: { allowInvalidCertificates: true } }
  - { id: b, name: 乙, regionCode: "110000", level: province, siteUrl: "https://b.example/" }
`;
    expect(parseRegistry(text, "agencies.yaml").agencies.map((a) => [a.id, a.crawlOptions])).toEqual([
      ["a", { allowInvalidCertificates: true }],
      ["b", { allowInvalidCertificates: false }],
    ]);
    expect(
      rejection(oneAgency("    siteUrl: https://a.example/\n    crawl: { allowInvalidCertificates: 1 }\n")),
    ).toEqual(["agencies.yaml: agencies[0].crawl.allowInvalidCertificates: expected true or false"]);
  });

  it("reads budgets per agency over the defaults' (key by key), and names a bad or unknown budget", () => {
    const text = `defaults:
  crawl: { budgets: { requests: 500, bytes: 100000000 } }
agencies:
  - { id: a, name: 甲, regionCode: "110000", level: province, siteUrl: "https://a.example/", crawl: { budgets: { requests: 50 } } }
  - { id: b, name: 乙, regionCode: "110000", level: province, siteUrl: "https://b.example/" }
`;
    expect(parseRegistry(text, "agencies.yaml").agencies.map((a) => [a.id, a.crawlOptions])).toEqual([
      ["a", { budgets: { requests: 50, bytes: 100_000_000 } }],
      ["b", { budgets: { requests: 500, bytes: 100_000_000 } }],
    ]);
    expect(
      rejection(oneAgency("    siteUrl: https://a.example/\n    crawl: { budgets: { requests: 0 } }\n")),
    ).toEqual([
      "agencies.yaml: agencies[0].crawl.budgets.requests: expected a whole number of requests from 1 to 1000000",
    ]);
    expect(
      rejection(oneAgency("    siteUrl: https://a.example/\n    crawl: { budgets: { pages: 3 } }\n"))[0],
    ).toBe("agencies.yaml: agencies[0].crawl.budgets.pages: unknown field (check its spelling)");
  });

  it("reads recipients (e-mail addresses) and names a bad, a repeated or a non-list one", () => {
    const [agency] = parseRegistry(
      oneAgency(
        "    siteUrl: https://a.example/\n    recipients: [gkb@qinghe.example.gov.cn, Office.Head+gk@mail.qinghe.gov.cn]\n",
      ),
      "agencies.yaml",
    ).agencies;
    expect(agency!.recipients).toEqual(["gkb@qinghe.example.gov.cn", "Office.Head+gk@mail.qinghe.gov.cn"]);
    expect(
      parseRegistry(oneAgency("    siteUrl: https://a.example/\n"), "agencies.yaml").agencies[0],
    ).not.toHaveProperty("recipients");
    const expected = "expected an e-mail address such as gkb@qinghe.example.gov.cn";
    for (const bad of [
      "gkb",
      "gkb@localhost",
      '"a b"@x.cn',
      "a@x.cn, b@y.cn",
      "甲@x.cn",
      "a@x.cn>\\nBcc: c@d.cn",
    ])
      expect(
        rejection(oneAgency(`    siteUrl: https://a.example/\n    recipients: [${JSON.stringify(bad)}]\n`)),
      ).toEqual([`agencies.yaml: agencies[0].recipients[0]: ${expected}`]);
    expect(
      rejection(oneAgency("    siteUrl: https://a.example/\n    recipients: gkb@qinghe.example.gov.cn\n")),
    ).toEqual([
      "agencies.yaml: agencies[0].recipients: expected a list of e-mail addresses such as [gkb@qinghe.example.gov.cn]",
    ]);
    expect(
      rejection(oneAgency("    siteUrl: https://a.example/\n    recipients: [a@x.cn, A@x.cn]\n")),
    ).toEqual([
      'agencies.yaml: agencies[0].recipients[1]: expected each address once ("A@x.cn" is listed twice)',
    ]);
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

  it("refuses the reserved id unassigned, which the published group of agencies without a jurisdiction has", () => {
    const text = `agencies:
  - { id: a, name: 甲, regionCode: "320800", level: city, siteUrl: "http://a.example/" }
  - { id: unassigned, name: 乙, regionCode: "320800", level: department, siteUrl: "http://b.example/" }
`;
    expect(rejection(text)).toEqual([
      'agencies.yaml: agencies[1].id: expected an id other than the reserved "unassigned" (the published group of agencies without a jurisdiction)',
    ]);
    expect(
      parseRegistry(text.replace("id: unassigned", "id: unassigned-office"), "agencies.yaml").agencies[1]?.id,
    ).toBe("unassigned-office");
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
    const file = path.join(tempDir(), "agencies.yaml");
    writeFileSync(file, valid);
    expect((await readRegistryFile(file)).agencies).toHaveLength(2);
  });
});

// Every kind of mistake a hand-edited registry shows, each rejected naming the file, the field and
// what was expected there; the whole list of problems is what `agencies import` reports.
describe("parseRegistry rejects every kind of mistake", () => {
  const agency = (fields: string) =>
    `agencies:\n  - id: a\n    name: 甲\n    regionCode: "320800"\n    level: city\n    siteUrl: http://a.example/\n${fields}`;
  const replaced = (from: string, to: string) => agency("").replace(from, to);
  const billionLaughs = [
    "a: &a [x, x, x, x, x, x, x, x, x, x]",
    ..."bcdefg".split("").map((c, i) => `${c}: &${c} [${Array(10).fill(`*${"abcdefg"[i]}`).join(", ")}]`),
  ].join("\n");
  const MONTH_DAY = "expected a date MM-DD of the year after the report year, e.g. 01-28";
  const SLUG = "expected a lower-case slug (letters, digits, hyphens), e.g. huaian-city";

  it.each<[string, string, string[]]>([
    ["an empty file", "", ["agencies.yaml: the file is empty: expected a mapping with an agencies list"]],
    [
      "a file of comments only",
      "# agencies to come\n",
      ["agencies.yaml: the file is empty: expected a mapping with an agencies list"],
    ],
    [
      "an HTML page",
      "<html><body>agencies</body></html>\n",
      ["agencies.yaml: expected a mapping with an agencies list"],
    ],
    ["a bare number", "42\n", ["agencies.yaml: expected a mapping with an agencies list"]],
    ["a list at the top", "- id: a\n- id: b\n", ["agencies.yaml: expected a mapping with an agencies list"]],
    [
      "two YAML documents",
      `${agency("")}---\n${agency("")}`,
      ["agencies.yaml: line 7, column 1: expected one YAML document (a `---` line starts a second)"],
    ],
    [
      "a key written twice",
      agency("    name: 乙\n"),
      ["agencies.yaml: line 7, column 5: not valid YAML: a key appears twice in one mapping"],
    ],
    [
      "aliases that expand exponentially",
      `${billionLaughs}\n${agency("")}`,
      ["agencies.yaml: not usable YAML: Excessive alias count indicates a resource exhaustion attack"],
    ],
    [
      "an unknown version",
      `version: 2\n${agency("")}`,
      ["agencies.yaml: version: expected 1 (the only registry format so far)"],
    ],
    [
      "a version written as text",
      `version: "1"\n${agency("")}`,
      ["agencies.yaml: version: expected 1 (the only registry format so far)"],
    ],
    [
      "a misspelt agencies key, named before the missing list",
      "agencys:\n  - id: a\n",
      [
        "agencies.yaml: agencys: unknown field (check its spelling)",
        "agencies.yaml: agencies: expected a list of agencies",
      ],
    ],
    [
      "agencies as a mapping",
      "agencies:\n  id: a\n",
      ["agencies.yaml: agencies: expected a list of agencies"],
    ],
    [
      "an agency that is not a mapping",
      "agencies:\n  - huaian-city\n",
      [
        "agencies.yaml: agencies[0]: expected a mapping with id, name, regionCode, level and siteUrl or listUrls",
      ],
    ],
    [
      "a missing id",
      agency("").replace("  - id: a\n    name", "  - name"),
      [`agencies.yaml: agencies[0].id: ${SLUG}`],
    ],
    ["a number for the id", replaced("id: a", "id: 42"), [`agencies.yaml: agencies[0].id: ${SLUG}`]],
    ["an id with capitals", replaced("id: a", "id: Huaian"), [`agencies.yaml: agencies[0].id: ${SLUG}`]],
    [
      "an id with an underscore",
      replaced("id: a", "id: huaian_city"),
      [`agencies.yaml: agencies[0].id: ${SLUG}`],
    ],
    [
      "an id ending in a hyphen",
      replaced("id: a", "id: huaian-"),
      [`agencies.yaml: agencies[0].id: ${SLUG}`],
    ],
    [
      "an id with a double hyphen",
      replaced("id: a", "id: huaian--city"),
      [`agencies.yaml: agencies[0].id: ${SLUG}`],
    ],
    [
      "an id of 101 characters",
      replaced("id: a", `id: ${"a".repeat(101)}`),
      [`agencies.yaml: agencies[0].id: ${SLUG}`],
    ],
    [
      "a missing name",
      replaced("    name: 甲\n", ""),
      ["agencies.yaml: agencies[0].name: expected the agency's name"],
    ],
    [
      "an empty name",
      replaced("name: 甲", 'name: "  "'),
      ["agencies.yaml: agencies[0].name: expected the agency's name"],
    ],
    [
      "a list for the name",
      replaced("name: 甲", "name: [甲]"),
      ["agencies.yaml: agencies[0].name: expected the agency's name"],
    ],
    [
      "a region code of five digits",
      replaced('"320800"', '"32080"'),
      ['agencies.yaml: agencies[0].regionCode: expected a 6-, 9- or 12-digit region code, e.g. "320800"'],
    ],
    [
      "a missing level",
      replaced("    level: city\n", ""),
      ["agencies.yaml: agencies[0].level: expected one of province, city, county, district, department"],
    ],
    [
      "a level in Chinese",
      replaced("level: city", "level: 市"),
      ["agencies.yaml: agencies[0].level: expected one of province, city, county, district, department"],
    ],
    [
      "a URL with a user name and password",
      replaced("http://a.example/", "http://admin:secret@a.example/"),
      ["agencies.yaml: agencies[0].siteUrl: expected an http(s) URL without a user name or password"],
    ],
    [
      "a URL without a host",
      replaced("http://a.example/", '"http://"'),
      ["agencies.yaml: agencies[0].siteUrl: expected an http(s) URL"],
    ],
    [
      "a mailto: URL",
      replaced("http://a.example/", "mailto:xxgk@a.example"),
      ["agencies.yaml: agencies[0].siteUrl: expected an http(s) URL"],
    ],
    [
      "list URLs as one string",
      agency("    listUrls: http://a.example/x\n"),
      ["agencies.yaml: agencies[0].listUrls: expected a list of http(s) URLs"],
    ],
    [
      "a month 13 deadline",
      agency('    deadline: "13-40"\n'),
      [`agencies.yaml: agencies[0].deadline: ${MONTH_DAY}`],
    ],
    [
      "a deadline without leading zeros",
      agency('    deadline: "1-28"\n'),
      [`agencies.yaml: agencies[0].deadline: ${MONTH_DAY}`],
    ],
    [
      "a deadline as a number",
      agency("    deadline: 128\n"),
      [`agencies.yaml: agencies[0].deadline: ${MONTH_DAY}`],
    ],
    [
      "a deadline on 31 April",
      agency('    deadline: "04-31"\n'),
      [
        "agencies.yaml: agencies[0].deadline: expected a date MM-DD that every year has, e.g. 01-28 (04-31 is not one)",
      ],
    ],
    [
      "a deadline on 29 February",
      agency('    deadline: "02-29"\n'),
      [
        "agencies.yaml: agencies[0].deadline: expected a date MM-DD that every year has, e.g. 01-28 (02-29 is not one)",
      ],
    ],
    [
      "a delay of 30 years",
      agency("    crawl: { minHostDelayMs: 1e12 }\n"),
      [
        "agencies.yaml: agencies[0].crawl.minHostDelayMs: expected a whole number of milliseconds from 0 to 600000",
      ],
    ],
    [
      "a delay in quotes",
      agency('    crawl: { minHostDelayMs: "1000" }\n'),
      [
        "agencies.yaml: agencies[0].crawl.minHostDelayMs: expected a whole number of milliseconds from 0 to 600000",
      ],
    ],
    [
      "a fractional delay",
      agency("    crawl: { minHostDelayMs: 0.5 }\n"),
      [
        "agencies.yaml: agencies[0].crawl.minHostDelayMs: expected a whole number of milliseconds from 0 to 600000",
      ],
    ],
    [
      "no parallel requests",
      agency("    crawl: { hostConcurrency: 0 }\n"),
      ["agencies.yaml: agencies[0].crawl.hostConcurrency: expected a whole number from 1 to 8"],
    ],
    [
      "a hundred parallel requests",
      agency("    crawl: { hostConcurrency: 100 }\n"),
      ["agencies.yaml: agencies[0].crawl.hostConcurrency: expected a whole number from 1 to 8"],
    ],
    [
      "a misspelt crawl option",
      agency("    crawl: { minHostDelay: 1000 }\n"),
      ["agencies.yaml: agencies[0].crawl.minHostDelay: unknown field (check its spelling)"],
    ],
    [
      "a misspelt parent",
      agency("    parentId: huaian-city\n"),
      ["agencies.yaml: agencies[0].parentId: unknown field (check its spelling)"],
    ],
    [
      "a misspelt default",
      `defaults:\n  crawl: { minHostDelayMS: 1000 }\n${agency("")}`,
      ["agencies.yaml: defaults.crawl.minHostDelayMS: unknown field (check its spelling)"],
    ],
    [
      "an unknown top-level field",
      `owner: 淮安市\n${agency("")}`,
      ["agencies.yaml: owner: unknown field (check its spelling)"],
    ],
    [
      "parents in a cycle",
      `agencies:
  - { id: a, name: 甲, regionCode: "320800", level: department, parent: b, siteUrl: "http://a.example/" }
  - { id: b, name: 乙, regionCode: "320800", level: department, parent: c, siteUrl: "http://b.example/" }
  - { id: c, name: 丙, regionCode: "320800", level: department, parent: a, siteUrl: "http://c.example/" }
`,
      [
        "agencies.yaml: agencies[0].parent: an agency that is not below this one (a → b → c → a is a cycle)",
        "agencies.yaml: agencies[1].parent: an agency that is not below this one (b → c → a → b is a cycle)",
        "agencies.yaml: agencies[2].parent: an agency that is not below this one (c → a → b → c is a cycle)",
      ],
    ],
  ])("%s", (_rule, text, problems) => {
    expect(rejection(text)).toEqual(problems);
  });

  it("rejects a parent that closes a cycle through an agency already imported", () => {
    const text = agency("    parent: x\n");
    expect(rejection(text, new Map([["x", "a"]]))).toEqual([
      "agencies.yaml: agencies[0].parent: an agency that is not below this one (a → x → a is a cycle)",
    ]);
    // Only ids known: the stored tree cannot be checked, and the file alone has no cycle.
    expect(parseRegistry(text, "agencies.yaml", new Set(["x"])).agencies[0]?.parentId).toBe("x");
  });

  it("accepts a byte-order mark and a file without a version (version 1)", () => {
    expect(parseRegistry(`\uFEFF${agency("")}`, "agencies.yaml").agencies.map((a) => a.id)).toEqual(["a"]);
  });

  it("names tabs used for indentation, with their line", () => {
    expect(rejection(agency("").replace("    name: 甲", "\tname: 甲"))[0]).toBe(
      "agencies.yaml: line 3, column 1: not valid YAML: indent with spaces, not tabs",
    );
  });

  it("refuses a huge file before reading it", async () => {
    const file = path.join(tempDir(), "agencies.yaml");
    writeFileSync(file, "");
    truncateSync(file, MAX_REGISTRY_BYTES + 1);
    await expect(readRegistryFile(file)).rejects.toThrow(
      `${file}: a registry of at most ${MAX_REGISTRY_BYTES} bytes (this file has ${MAX_REGISTRY_BYTES + 1})`,
    );
  });
});
