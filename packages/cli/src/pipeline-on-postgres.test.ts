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
  expectSameRowsSayingWhy,
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

/** Today's date (UTC): grades and cards say on which day pages were looked at. */
const today = () => new Date().toISOString().slice(0, 10);

describe("the pipeline on PostgreSQL", () => {
  it("ends with the same rows, blobs and byte-identical out/ as on SQLite", async () => {
    let root = tempDir();
    // Both runs on one day: a missing report's grade and card name the day its pages were looked
    // at, so two runs either side of midnight differ by that date alone. Run again if they did
    // (once: the next midnight is a day away).
    for (let attempt = 0; ; attempt++) {
      const day = today();
      await pipeline(path.join(root, "sqlite"), []);
      await pipeline(path.join(root, "postgres"), ["--database-url", database.url]);
      if (today() === day || attempt > 0) break;
      await database.drop();
      database = await createTestDatabase({ migrated: false });
      root = tempDir();
    }
    const onSqlite = path.join(root, "sqlite");
    const onPostgres = path.join(root, "postgres");

    const dbFile = path.join(onSqlite, "touming.db");
    const expected = canonicalDump(dbFile);
    expect(expected.reports!.length).toBeGreaterThan(50);
    await expectSameRowsSayingWhy(
      { dump: await canonicalDumpPostgres(database.url), store: { databaseUrl: database.url } },
      { dump: expected, store: { dbFile } },
    );
    expect(blobStoreState(onPostgres).blobs).toEqual(blobStoreState(onSqlite).blobs);
    const out = fileHashes(path.join(onSqlite, "out"));
    expect(Object.keys(out).length).toBeGreaterThan(100);
    expect(fileHashes(path.join(onPostgres, "out"))).toEqual(out);
    // PostgreSQL kept no file of its own in the data directory.
    expect(blobStoreState(onPostgres).temp).toEqual([]);
  }, 600_000);
});
