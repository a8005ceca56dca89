// Crawler throughput against the sample sites with politeness off, beside a bare undici loop over the
// same URLs (the ceiling), and peak memory for a synthetic registry of N agencies.
//   npm run bench -- crawl-throughput [N=1000]   (smoke size: 10)
// The N agencies are spread over the sample sites (each keeps its own frontier and documents), so
// the run makes about 8 requests per agency.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { clearInterval, setInterval } from "node:timers";
import { createRequire } from "node:module";
import { crawl } from "../packages/crawler/dist/index.js";
import { startSampleSites } from "../packages/sample-sites/dist/index.js";
import { openStore, upsertAgencies } from "../packages/store/dist/index.js";
import { smoke } from "./support/size.mjs";

// undici as the crawler package has it (the bench is not a package of its own).
const { request } = createRequire(new URL("../packages/crawler/package.json", import.meta.url))("undici");
const count = Number(process.argv[2] ?? (smoke ? 10 : 1000));
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
  for (let i = 0; i < agencies.length; i += 1000) await upsertAgencies(store.db, agencies.slice(i, i + 1000));
  const t0 = process.hrtime.bigint();
  const summary = await crawl(
    { db: store.db, blobs: store.blobs },
    { globalConcurrency: 32, retryBaseDelayMs: 50 },
  );
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(
    `${count} agencies: ${summary.requests} requests in ${seconds.toFixed(1)} s = ${(summary.requests / seconds).toFixed(0)} requests/s; ${summary.newDocuments} documents; peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB`,
  );

  const urls = (
    await store.db.selectFrom("fetches").select("url").distinct().where("status", "=", 200).execute()
  )
    .map((r) => r.url)
    .filter((u) => !u.includes("dataproxy"));
  const t1 = process.hrtime.bigint();
  let next = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < urls.length) {
        const res = await request(urls[next++]);
        await res.body.arrayBuffer();
      }
    }),
  );
  const bare = Number(process.hrtime.bigint() - t1) / 1e9;
  console.log(
    `bare undici loop over the ${urls.length} distinct URLs: ${(urls.length / bare).toFixed(0)} requests/s (no robots, politeness, parsing or storage)`,
  );
  await store.close();
} finally {
  clearInterval(sampler);
  await sites.close();
  rmSync(dir, { recursive: true, force: true });
}
