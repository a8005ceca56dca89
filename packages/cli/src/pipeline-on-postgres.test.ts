import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type SampleSites, startSampleSites } from "@touming/sample-sites";
import { createTestDatabase, fileHashes, registryWithout, runCli, useTempDirs } from "@touming/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PUBLISH_DATE } from "./testing/baselines.js";
import {
  blobStoreState,
  canonicalDump,
  canonicalDumpPostgres,
  expectSameRows,
} from "./testing/store-snapshot.js";

// Issue 18: the whole pipeline, stage by stage as the CLI runs it, once on SQLite and once on
// PostgreSQL (`--database-url`): both must end with the same rows and byte-identical output.
const tempDir = useTempDirs({ lifetime: "suite" });
let sites: SampleSites;
let database: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  sites = await startSampleSites();
  // A database as an operator creates it: empty, migrated by the first command.
  database = await createTestDatabase({ migrated: false });
}, 60_000);

afterAll(async () => {
  await sites?.close();
  await database?.drop();
});

async function pipeline(dir: string, storeArgs: readonly string[]): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const registry = path.join(dir, "agencies.yaml");
  // As in the kill tests' baselines: linjiang-gaj's retry back-off would only make the crawl longer.
  writeFileSync(registry, registryWithout(sites.registryYaml(), ["linjiang-gaj"]));
  const steps = [
    ["agencies", "import", registry],
    ["crawl"],
    ["extract"],
    ["grade"],
    ["publish", "--no-pdf", "--out", path.join(dir, "out"), "--date", PUBLISH_DATE],
  ];
  for (const step of steps) {
    const run = await runCli(["--data-dir", dir, ...storeArgs, ...step]);
    expect([step[0], run.code, run.stderr.split("\n").slice(-3).join("\n")]).toEqual([
      step[0],
      0,
      expect.any(String),
    ]);
  }
}

describe("the pipeline on PostgreSQL", () => {
  it("ends with the same rows, blobs and byte-identical out/ as on SQLite", async () => {
    const root = tempDir();
    const onSqlite = path.join(root, "sqlite");
    const onPostgres = path.join(root, "postgres");
    await pipeline(onSqlite, []);
    await pipeline(onPostgres, ["--database-url", database.url]);

    const expected = canonicalDump(path.join(onSqlite, "touming.db"));
    expect(expected.reports!.length).toBeGreaterThan(50);
    expectSameRows(await canonicalDumpPostgres(database.url), expected);
    expect(blobStoreState(onPostgres).blobs).toEqual(blobStoreState(onSqlite).blobs);
    const out = fileHashes(path.join(onSqlite, "out"));
    expect(Object.keys(out).length).toBeGreaterThan(100);
    expect(fileHashes(path.join(onPostgres, "out"))).toEqual(out);
    // PostgreSQL kept no file of its own in the data directory.
    expect(blobStoreState(onPostgres).temp).toEqual([]);
  }, 600_000);
});
