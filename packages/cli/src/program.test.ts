import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { useCli } from "./testing/in-process-cli.js";

const { dir, run } = useCli();

const registry = `agencies:
  - { id: huaian-city, name: 淮安市人民政府, regionCode: "320800", level: city, siteUrl: "https://www.huaian.gov.cn/" }
  - { id: huaian-fgw, name: 淮安市发展和改革委员会, regionCode: "320800", level: department, parent: huaian-city, listUrls: ["http://fgw.huaian.gov.cn/ndbg/"], deadline: "01-28" }
`;

function writeRegistry(d: string, text: string, name = "agencies.yaml") {
  const file = path.join(d, name);
  writeFileSync(file, text);
  return file;
}

describe("touming agencies", () => {
  it("imports a registry, lists it, and reports a re-import as unchanged", async () => {
    const d = dir();
    const file = writeRegistry(d, registry);
    const first = await run(d, ["agencies", "import", file]);
    expect(first).toMatchObject({ code: 0, stdout: `${file}: 2 agencies (2 new, 0 updated, 0 unchanged)\n` });
    const again = await run(d, ["agencies", "import", file]);
    expect(again.stdout).toBe(`${file}: 2 agencies (0 new, 0 updated, 2 unchanged)\n`);

    const list = await run(d, ["agencies", "list"]);
    expect(list.code).toBe(0);
    expect(list.stdout.split("\n")[0]).toMatch(
      /^id\s+name\s+level\s+region\s+parent\s+deadline\s+start URLs$/,
    );
    expect(list.stdout).toContain(
      "huaian-fgw   淮安市发展和改革委员会  department  320800  huaian-city  01-28",
    );
    expect(list.stdout).toMatch(/2 agencies\n$/);

    const json = await run(d, ["agencies", "list", "--json"]);
    expect(JSON.parse(json.stdout).map((a: { id: string }) => a.id)).toEqual(["huaian-city", "huaian-fgw"]);
  });

  it("rejects an invalid registry with file, field and expectation, exits 1 and writes nothing", async () => {
    const d = dir();
    const file = writeRegistry(
      d,
      registry.replace("http://fgw.huaian.gov.cn/ndbg/", "fgw.huaian.gov.cn/ndbg/"),
    );
    const result = await run(d, ["agencies", "import", file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`touming: ${file}: agencies[1].listUrls[0]: expected an http(s) URL\n`);
    expect((await run(d, ["agencies", "list", "--json"])).stdout).toBe("[]\n");

    const status = JSON.parse((await run(d, ["status", "--json"])).stdout);
    const failed = status.lastRuns.find((r: { stage: string }) => r.stage === "agencies-import");
    expect(failed).toMatchObject({
      status: "failed",
      error: `${file}: agencies[1].listUrls[0]: expected an http(s) URL`,
    });
  });

  it("logs every further problem as a JSON line when not on a terminal", async () => {
    const d = dir();
    const file = writeRegistry(
      d,
      `agencies:
  - { id: a, name: 甲, regionCode: "320800", level: city, siteUrl: "http://a.example/" }
  - { id: a, name: 乙, regionCode: "320800", level: city, siteUrl: "http://b.example/" }
  - { id: c, name: 丙, regionCode: "320800", level: city, parent: x, siteUrl: "http://c.example/" }
`,
    );
    const result = await run(d, ["agencies", "import", file]);
    const lines = result.stderr.trim().split("\n");
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: "error",
      stage: "agencies-import",
      event: "invalid registry",
      problem: `${file}: agencies[2].parent: the id of an agency in this file or already imported ("x" is neither)`,
    });
    expect(lines[1]).toBe(
      `touming: ${file}: agencies[1].id: a unique id ("a" is also agencies[0]) (and 1 more problem)`,
    );
  });

  it("a missing registry file is a one-line failure", async () => {
    const d = dir();
    const result = await run(d, ["agencies", "import", path.join(d, "nope.yaml")]);
    expect(result).toMatchObject({
      code: 1,
      stderr: `touming: ${path.join(d, "nope.yaml")}: cannot read the registry: no such file\n`,
    });
  });
});

describe("touming migrate and status", () => {
  it("migrate reports what it applied, then that the schema is current", async () => {
    const d = dir();
    const first = await run(d, ["migrate"]);
    expect(first.stdout).toBe(
      `applied 0001-initial-schema\napplied 0002-crawl-frontier\napplied 0003-publication-inputs\napplied 0004-drop-value-key-index\napplied 0005-check-sides\napplied 0006-crawl-coverage\napplied 0007-listed-date-source\napplied 0008-monitoring-window\napplied 0009-outbox\napplied 0010-reviews\napplied 0011-feed-entries\napplied 0012-fetches-by-url-newest\napplied 0013-ocr-readings\napplied 0014-document-pages\napplied 0015-blobs\napplied 0016-host-leases\napplied 0017-frontier-rounds\napplied 0018-fetches-stored-by-url\n${path.join(d, "touming.db")}: schema is current (18 migrations)\n`,
    );
    const second = await run(d, ["migrate"]);
    expect(second.stdout).toBe(`${path.join(d, "touming.db")}: schema is current (18 migrations)\n`);
  });

  it("--db puts the database elsewhere", async () => {
    const d = dir();
    const db = path.join(d, "other", "t.db");
    const result = await run(d, ["--db", db, "migrate"]);
    expect(result.stdout).toContain(`${db}: schema is current`);
  });

  it("status shows counts and the last run of each stage", async () => {
    const d = dir();
    await run(d, ["agencies", "import", writeRegistry(d, registry)]);
    const text = await run(d, ["status"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("agencies   2\n");
    expect(text.stdout).toContain("documents  0 (fetch: none; extraction: none)");
    expect(text.stdout).toMatch(
      /\n {2}agencies-import\s+ok\s+\S+\s+\S+\s+inserted=2 updated=0 unchanged=0\n/,
    );
    const json = JSON.parse((await run(d, ["status", "--json"])).stdout);
    expect(json).toMatchObject({ agencies: 2, documents: { total: 0 }, reportsPerYear: [] });
    expect(json.lastRuns.map((r: { stage: string }) => r.stage)).toEqual(["agencies-import"]);
  });

  it("the run log keeps a stage's summary as it is: publish's index path beside its counts", async () => {
    const d = dir();
    const out = path.join(d, "out");
    const published = await run(d, ["publish", "--no-pdf", "--out", out]);
    expect(published.code).toBe(0);
    const json = JSON.parse((await run(d, ["status", "--json"])).stdout);
    const publish = json.lastRuns.find((r: { stage: string }) => r.stage === "publish");
    expect(publish).toMatchObject({
      status: "ok",
      counters: { indexPath: path.join(out, "index.html"), cards: 0, openDataRebuilt: expect.any(Boolean) },
    });
    // Printed as they are: numbers as before, the path as it is.
    const line = (await run(d, ["status"])).stdout.split("\n").find((l) => l.startsWith("  publish "));
    expect(line?.split(/\s+/)).toEqual(
      expect.arrayContaining(["cards=0", `indexPath=${path.join(out, "index.html")}`]),
    );
  });

  it("an unknown command fails with a non-zero code", async () => {
    const result = await run(dir(), ["crawlz"]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("error: unknown command 'crawlz'");
  });

  it("a database that cannot be opened is a one-line failure naming the file", async () => {
    const d = dir();
    const db = path.join(d, "bad.db");
    writeFileSync(db, "not sqlite ".repeat(100));
    const result = await run(d, ["--db", db, "status"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^touming: ${db.replace(/[/.]/g, "\\$&")}: .+\\n$`));
  });
});
