import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type SampleSites, startSampleSites } from "@touming/sample-sites";
import {
  type Started,
  createTestDatabase,
  eventually,
  registryWithout,
  runCli,
  startCli,
  useTempDirs,
} from "@touming/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PUBLISH_DATE } from "./testing/baselines.js";

// Issue 18: three `touming worker` processes and a coordinator (`touming run --via-workers`) on one
// PostgreSQL store, blobs in the database (no shared file system but the output directory); one
// worker killed with SIGKILL in the middle of a job.
const tempDir = useTempDirs({ lifetime: "suite" });
let sites: SampleSites;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
// One site under three agencies whose ids sort to places 0, 4 and 8 of the registry: the coordinator
// enqueues crawl jobs in id order, workers take them four at a time, so the three are each the first
// job of a different worker's first batch, crawled at the same time.
const MIRRORED = "lingyuan-city";
const MIRRORS = ["aa-mirror-of-lingyuan", "linjiang-h-mirror-of-lingyuan"];

beforeAll(async () => {
  sites = await startSampleSites();
  database = await createTestDatabase({ migrated: false });
}, 60_000);

afterAll(async () => {
  await sites?.close();
  await database?.drop();
});

/**
 * The sample registry with one host per request at a time, and one site listed three times under
 * three agencies: their crawl jobs go to different workers and meet on one host.
 */
function registry(): string {
  const yaml = registryWithout(sites.registryYaml(), ["linjiang-gaj"]).replace(
    "minHostDelayMs: 0,",
    "minHostDelayMs: 0, hostConcurrency: 1,",
  );
  const lines = yaml.split("\n");
  const start = lines.indexOf(`  - id: ${MIRRORED}`);
  let end = start + 1;
  while (end < lines.length && !lines[end]!.startsWith("  - id:") && lines[end]!.startsWith("    ")) end++;
  const entry = lines.slice(start + 1, end);
  const mirrors = MIRRORS.flatMap((id) => [
    `  - id: ${id}`,
    ...entry.filter((l) => !l.includes("recipients")),
  ]);
  return [...lines.slice(0, end), ...mirrors, ...lines.slice(end)].join("\n");
}

async function query<T extends pg.QueryResultRow>(text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

describe("workers on PostgreSQL", () => {
  it("three workers do every job once, one killed mid-job, politeness held across them", async () => {
    const root = tempDir();
    const out = path.join(root, "out");
    mkdirSync(out);
    const env = { TOUMING_DATABASE_URL: database.url, TOUMING_BLOB_STORE: "database" };
    const dataDir = (name: string) => path.join(root, name);
    const registryFile = path.join(root, "agencies.yaml");
    writeFileSync(registryFile, registry());
    const ids = [...registry().matchAll(/^ {2}- id: (\S+)/gm)].map((m) => m[1]!).sort();
    expect([MIRRORS[0]!, MIRRORED, MIRRORS[1]!].map((id) => ids.indexOf(id))).toEqual([0, 4, 8]);
    const imported = await runCli(["--data-dir", dataDir("import"), "agencies", "import", registryFile], {
      env,
    });
    expect(imported.code, imported.stderr).toBe(0);

    const workers: Started[] = [1, 2, 3].map((n) =>
      startCli(["--data-dir", dataDir(`worker-${n}`), "worker", "--out", out], { env }),
    );
    // Every worker takes jobs before any is queued: one started seconds after the others (a loaded
    // machine, CI's parallel tasks) found the first batches taken, and one worker crawled all three
    // agencies of the mirrored site.
    expect(
      await eventually(() => workers.every((w) => w.stderrText().includes('"worker started"')), 120_000),
    ).toBe(true);
    const coordinator = startCli(
      ["--data-dir", dataDir("coordinator"), "run", "--via-workers", "--out", out, "--date", PUBLISH_DATE],
      { env },
    );
    // Kill a worker in the middle of its first crawl job.
    let victim: Started | undefined;
    await eventually(() => {
      victim = workers.find((w) => w.stderrText().includes('"crawl job started"'));
      return victim !== undefined;
    }, 120_000);
    expect(victim).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 150));
    victim!.child.kill("SIGKILL");
    const killedWhile = victim!.stderrText();

    const run = await coordinator.exited;
    expect(run.code, run.stderr.split("\n").slice(-5).join("\n")).toBe(0);
    const survivors = workers.filter((w) => w !== victim);
    for (const w of survivors) w.child.kill("SIGTERM");
    const ended = await Promise.all(survivors.map((w) => w.exited));
    const logs = [killedWhile, ...ended.map((e) => e.stderr)].join("\n");

    // Every job once: one job per agency, per document to extract and per PDF, each completed once.
    const jobs = await query<{ name: string; key: string; completed: number; attempts: number }>(`
      select name, data::text as key, count(*) filter (where state = 'completed')::int as completed,
        max(retry_count)::int + 1 as attempts
      from pgboss.job where name like 'touming-%' group by name, data::text`);
    const byQueue = (name: string) => jobs.filter((j) => j.name === name);
    const agencies = registry().match(/^ {2}- id: /gm)!.length;
    expect(byQueue("touming-crawl")).toHaveLength(agencies);
    expect(byQueue("touming-extract").length).toBeGreaterThan(50);
    expect(byQueue("touming-render").length).toBeGreaterThan(10);
    expect(jobs.filter((j) => j.completed !== 1)).toEqual([]);
    expect(byQueue("touming-dead")).toEqual([]);
    // The killed worker's job was taken again by another worker and finished there.
    const killedJob = /"crawl job started","job":"([0-9a-f-]+)"/.exec(killedWhile)?.[1];
    expect(killedJob).toBeDefined();
    const [retried] = await query<{ state: string; retry_count: number }>(
      `select state::text as state, retry_count from pgboss.job where id = '${killedJob}'`,
    );
    expect(retried).toEqual({ state: "completed", retry_count: 1 });
    expect(logs).toContain(`"job":"${killedJob}"`);

    // Each report found and extracted, each agency-year graded, each PDF printed and recorded once.
    const [counts] = await query<{ reports: number; grades: number; pdfs: number; unextracted: number }>(`
      select (select count(*) from reports)::int as reports,
        (select count(distinct (agency_id, year)) from grades)::int as grades,
        (select count(*) from publications where kind in ('card-pdf', 'summary-pdf'))::int as pdfs,
        (select count(*) from documents where blob_sha256 is not null and extraction_state = 'pending')::int as unextracted`);
    expect(counts!.reports).toBeGreaterThan(50);
    expect(counts!.unextracted).toBe(0);
    expect(counts!.pdfs).toBe(byQueue("touming-render").length);
    const printed = logs.match(/"render job done"/g)?.length ?? 0;
    expect(printed).toBe(counts!.pdfs);

    // The mirrored site was crawled under three agencies by different workers, one request at a time.
    const crawledBy = new Set(
      [
        ...logs.matchAll(
          /"crawl job started","job":"[^"]+","attempt":\d+,"worker":"([^"]+)","agency":"([^"]+)"/g,
        ),
      ]
        .filter((m) => [MIRRORED, ...MIRRORS].includes(m[2]!))
        .map((m) => m[1]),
    );
    expect(crawledBy.size).toBeGreaterThan(1);
    expect(sites.stats(MIRRORED).maxConcurrent).toBe(1);
  }, 600_000);
});
