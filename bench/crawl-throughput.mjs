// Crawler throughput against the sample sites with politeness off, beside a bare undici loop over the
// same requests (the ceiling), and peak memory for a synthetic registry of N agencies.
//   npm run bench -- crawl-throughput [N=1000] [N2]   (smoke size: 10)
// Each size runs in a process of its own, started with the Node flags the touming command starts
// Node with (support/cli-node-flags.mjs): the crawl as `touming crawl` runs it. With a second size,
// the peak RSS of both is compared (flat in registry size: the larger at most 15% above the smaller).
// The N agencies are spread over the sample sites (each keeps its own frontier and documents), so
// the run makes about 8 requests per agency.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { clearInterval, setInterval } from "node:timers";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { crawlStage } from "../packages/crawler/dist/index.js";
import { startSampleSites } from "../packages/sample-sites/dist/index.js";
import { openStore, upsertAgencies } from "../packages/store/dist/index.js";
import { cliNodeFlags } from "./support/cli-node-flags.mjs";
import { figure } from "./support/figures.mjs";
import { smoke } from "./support/size.mjs";

// undici as the crawler package has it (the bench is not a package of its own).
const { request } = createRequire(new URL("../packages/crawler/package.json", import.meta.url))("undici");
const CONCURRENCY = 32;
/** Peak RSS at the larger size may exceed the smaller's by this much and still be flat. */
const FLAT_RSS = 1.15;
const MIB = 2 ** 20;

/** Crawls a registry of `count` synthetic agencies, then replays the crawl's requests in a bare undici loop. */
async function measure(count) {
  const sites = await startSampleSites({ slowMs: 0 });
  const dir = mkdtempSync(path.join(tmpdir(), "touming-bench-crawl-"));
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  try {
    const store = await openStore({ dataDir: dir });
    const usable = sites.agencies.filter((a) => !a.faults.antiBot && !a.faults.slowMs && !a.faults.flaky);
    const agencies = Array.from({ length: count }, (_, i) => {
      const site = usable[i % usable.length];
      const origin = sites.origins.get(site.id);
      return {
        id: `synthetic-${String(i).padStart(5, "0")}`,
        name: `${site.name}（样本${i}）`,
        regionCode: site.regionCode,
        level: site.level,
        parentId: null,
        siteUrl: `${origin}/`,
        listUrls:
          site.registryStart === "site-only"
            ? []
            : [`${origin}${site.registryStart === "old-column" ? "/old/ndbg/" : site.columnPath}`],
        deadlineOverride: null,
        crawlOptions: { minHostDelayMs: 0, hostConcurrency: 4, allowPrivateAddresses: true },
      };
    });
    for (let i = 0; i < agencies.length; i += 1000)
      await upsertAgencies(store.db, agencies.slice(i, i + 1000));
    const t0 = process.hrtime.bigint();
    const cpu0 = process.cpuUsage();
    // The crawl stage, as `touming crawl` runs it (its batch writer thread included).
    const { details: summary } = await crawlStage.run(
      { store, clock: () => new Date(), signal: new globalThis.AbortController().signal, runId: null },
      { globalConcurrency: CONCURRENCY, retryBaseDelayMs: 50 },
    );
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const crawlCpu = cpuSeconds(process.cpuUsage(cpu0));
    const crawlPeak = Math.max(peak, process.memoryUsage().rss);

    // The same requests, in the crawl's order: every GET it logged (the list APIs' POSTs left out),
    // conditional where the crawl's was answered 304, so that the servers do the same work.
    const replay = await store.db
      .selectFrom("fetches")
      .select(["url", "status", "etag", "last_modified"])
      .where("url", "not like", "%dataproxy%")
      .orderBy("id")
      .execute();
    const t1 = process.hrtime.bigint();
    const cpu1 = process.cpuUsage();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < replay.length) {
          const row = replay[next++];
          const headers = {};
          if (row.status === 304 && row.etag) headers["if-none-match"] = row.etag;
          if (row.status === 304 && row.last_modified) headers["if-modified-since"] = row.last_modified;
          try {
            const res = await request(row.url, { headers });
            await res.body.arrayBuffer();
          } catch {
            // A reset the crawl met too (the fault sites): the request was made all the same.
          }
        }
      }),
    );
    const bare = Number(process.hrtime.bigint() - t1) / 1e9;
    const bareCpu = cpuSeconds(process.cpuUsage(cpu1));
    await store.close();
    return {
      count,
      requests: summary.requests,
      seconds,
      documents: summary.newDocuments,
      rate: summary.requests / seconds,
      bareRequests: replay.length,
      bareRate: replay.length / bare,
      peakRss: crawlPeak,
      // CPU time of the whole process (every thread, the sample sites' servers included) per request:
      // steadier than requests/s on a shared machine.
      cpuMsPerRequest: (crawlCpu * 1000) / summary.requests,
      bareCpuMsPerRequest: (bareCpu * 1000) / replay.length,
    };
  } finally {
    clearInterval(sampler);
    await sites.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const cpuSeconds = ({ user, system }) => (user + system) / 1e6;

const describe = (m) =>
  `${m.count} agencies: ${m.requests} requests in ${m.seconds.toFixed(1)} s = ${m.rate.toFixed(0)} requests/s; ` +
  `${m.documents} documents; peak RSS ${(m.peakRss / MIB).toFixed(0)} MiB; bare undici loop over the same ` +
  `${m.bareRequests} requests: ${m.bareRate.toFixed(0)} requests/s (no robots, politeness, parsing or storage); ` +
  `CPU per request ${m.cpuMsPerRequest.toFixed(2)} ms (bare loop ${m.bareCpuMsPerRequest.toFixed(2)} ms)`;

/**
 * Each size in a process of its own, so that one's peak RSS is not the other's, started with the
 * Node flags the touming command starts Node with (its heap cap and young generation): the crawl is
 * measured as `touming crawl` runs it, and the bare loop beside it under the same flags.
 */
function measureApart(count) {
  const out = execFileSync(
    process.execPath,
    [...cliNodeFlags(), fileURLToPath(import.meta.url), "--one", String(count)],
    {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
      maxBuffer: 64 * MIB,
    },
  );
  return JSON.parse(out.trim().split("\n").at(-1));
}

const args = process.argv.slice(2);
if (args[0] === "--one") {
  console.log(JSON.stringify(await measure(Number(args[1]))));
} else {
  const sizes = (args.length ? args : [smoke ? "10" : "1000"]).map(Number);
  const runs = sizes.map(measureApart);
  for (const m of runs) console.log(describe(m));
  const judged = !smoke;
  for (const m of runs) {
    const ratio = m.rate / m.bareRate;
    figure({
      name: runs.length > 1 ? `crawl throughput (${m.count} agencies)` : "crawl throughput",
      value: `${m.rate.toFixed(0)} requests/s`,
      anchor: `bare undici loop ${m.bareRate.toFixed(0)} requests/s`,
      ratio: `${(ratio * 100).toFixed(0)}%`,
      target: "≥ 70% of the bare undici loop",
      met: judged ? ratio >= 0.7 : null,
    });
  }
  const [small, large] = [runs[0], runs.at(-1)];
  figure({
    name: "crawl peak RSS",
    value: runs.map((m) => `${(m.peakRss / MIB).toFixed(0)} MiB at ${m.count} agencies`).join(", "),
    anchor: runs.length > 1 ? `${(small.peakRss / MIB).toFixed(0)} MiB at ${small.count} agencies` : null,
    ratio: runs.length > 1 ? `${(large.peakRss / small.peakRss).toFixed(2)}×` : null,
    target: "flat in registry size",
    met: judged && runs.length > 1 ? large.peakRss <= small.peakRss * FLAT_RSS : null,
  });
}
