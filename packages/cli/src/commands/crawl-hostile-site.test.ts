import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type HostileSites, startHostileSites } from "@touming/sample-sites";
import { type Started, runCli, sleep, startCli } from "@touming/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The hostile sample site crawled by the real CLI, as the nightly run would: under a heap cap, and
 * stopped with SIGTERM at different points of the crawl (as it starts; amid the hostile pages, the
 * endless body dripping and attachments downloading), and resumed.
 */
let sites: HostileSites;
let root: string;
beforeAll(async () => {
  sites = await startHostileSites();
  root = mkdtempSync(path.join(tmpdir(), "touming-hostile-"));
});
afterAll(async () => {
  await sites?.close();
  rmSync(root, { recursive: true, force: true });
});

/** A data directory holding the two agencies, with the budgets of this test in the registry. */
async function importedDataDir(name: string): Promise<string> {
  const dataDir = path.join(root, name);
  const registry = path.join(root, `${name}.yaml`);
  writeFileSync(
    registry,
    sites
      .registryYaml()
      .replace(
        "crawl: { minHostDelayMs: 0, allowPrivateAddresses: true }",
        "crawl: { minHostDelayMs: 0, allowPrivateAddresses: true, budgets: { reportLinksPerList: 30, attachmentsPerArticle: 5, bytes: 20000000, agencyTimeMs: 8000 } }",
      ),
  );
  const imported = await runCli(["--data-dir", dataDir, "agencies", "import", registry]);
  expect(imported.code, imported.stderr).toBe(0);
  return dataDir;
}

/** Heap cap of the crawl process: the crawl must stay under it however hostile the site. */
const HEAP_MB = 192;
const crawlCli = (dataDir: string): Started =>
  startCli(["--data-dir", dataDir, "crawl", "--max-pages", "2"], {
    env: { NODE_OPTIONS: `--max-old-space-size=${HEAP_MB}` },
  });

describe("touming crawl against a hostile site", () => {
  it(`ends under a ${HEAP_MB} MB heap, the well-behaved agency's reports fetched`, async () => {
    const dataDir = await importedDataDir("whole");
    const result = await crawlCli(dataDir).exited;
    expect(result.code, result.stderr.slice(-2000)).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^${sites.goodId}\\s+2\\s+0\\s+0\\s+0\\s*$`, "m"));
  });

  it.each([
    [300, false],
    [2500, true],
  ])("handles SIGTERM %i ms into the crawl within a second", async (after, resume) => {
    const dataDir = await importedDataDir(`term-${after}`);
    const crawl = crawlCli(dataDir);
    await sleep(after);
    const sent = performance.now();
    crawl.child.kill("SIGTERM");
    const result = await crawl.exited;
    const tookMs = performance.now() - sent;
    // Stopped before it could install its handler (still loading), the process simply ends by the
    // signal; from then on it stops its stage and says so in one line, exit code 143.
    if (result.signal !== "SIGTERM") {
      expect(result.code).toBe(143);
      expect(result.stderr.trimEnd().split("\n").at(-1)).toBe(
        "touming: crawl stopped by SIGTERM; what it had not finished is picked up by the next run",
      );
    }
    expect(tookMs).toBeLessThan(1000);
    if (!resume) return;
    // What was not finished stays for the next crawl, which resumes it.
    const resumed = await crawlCli(dataDir).exited;
    expect(resumed.code, resumed.stderr.slice(-2000)).toBe(0);
    expect(readFileSync(path.join(dataDir, "touming.db")).length).toBeGreaterThan(0);
  });
});
