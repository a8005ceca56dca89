// The whole pipeline on PostgreSQL with 1, 2 and 4 `touming worker` processes on this machine
// (`touming run --via-workers --no-pdf`: crawl and extract as jobs, grading and the HTML in the
// coordinator), beside the same pipeline single-process on SQLite, measured in the same run, over
// synthetic registries of N agencies served by loopback sites in another process. Figures: wall time
// and agencies/s, peak RSS per worker and of the coordinator, the database's size.
//   npm run bench -- workers-scale [N] [--workers 1,2,4]   (default 1,000 agencies; smoke: 10, 1 and 2)
// PostgreSQL: TOUMING_TEST_DATABASE_URL (a cluster .ci/run started) or a throwaway cluster it starts.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startCli } from "./support/cli-process.mjs";
import { figure } from "./support/figures.mjs";
import { smoke } from "./support/size.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const { startPostgresCluster } = await import(
  path.join(root, "packages/store/dist/testing/postgres-cluster.js")
);
const pg = createRequire(path.join(root, "packages/store/package.json"))("pg");
const MiB = 2 ** 20;

const args = process.argv.slice(2);
const workersAt = args.indexOf("--workers");
const workerCounts = workersAt >= 0 ? args[workersAt + 1].split(",").map(Number) : smoke ? [1, 2] : [1, 2, 4];
const count = Number(
  args.find((a, i) => /^\d+$/.test(a) && args[i - 1] !== "--workers") ?? (smoke ? 10 : 1000),
);

function startSites(registryFile) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(root, "bench/support/serve-synthetic.mjs"), String(count), registryFile],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    child.stdout.once("data", () => resolve(child));
    child.on("exit", (code) => reject(new Error(`the synthetic sites exited ${code}`)));
  });
}

async function admin(url, text) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

function treeBytes(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (entry.isFile()) total += statSync(path.join(entry.parentPath, entry.name)).size;
  return total;
}

const own = process.env.TOUMING_TEST_DATABASE_URL ? null : await startPostgresCluster();
const clusterUrl = process.env.TOUMING_TEST_DATABASE_URL || own.url;
const dir = mkdtempSync(path.join(tmpdir(), "touming-bench-workers-"));
const registry = path.join(dir, "registry.yaml");
const sites = await startSites(registry);
const date = ["--date", "2026-02-01"];
try {
  // The anchor: the same pipeline in one process on SQLite.
  const sqliteDir = path.join(dir, "sqlite");
  await startCli(sqliteDir, ["agencies", "import", registry]).exited;
  const single = await startCli(sqliteDir, ["run", "--no-pdf", "--out", path.join(sqliteDir, "out"), ...date])
    .exited;
  const sqliteMiB =
    (statSync(path.join(sqliteDir, "touming.db")).size + treeBytes(path.join(sqliteDir, "blobs"))) / MiB;
  console.log(
    `${count} agencies on SQLite, one process: ${single.seconds.toFixed(1)} s (${(count / single.seconds).toFixed(1)} agencies/s), peak ${single.peakMiB.toFixed(0)} MiB, database + blobs ${sqliteMiB.toFixed(0)} MiB`,
  );
  for (const workers of workerCounts) {
    const name = `touming_bench_${process.pid}_${workers}`;
    await admin(
      clusterUrl,
      `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`,
    );
    const url = new URL(clusterUrl);
    url.pathname = `/${name}`;
    // Blobs in the database: the workers share nothing but PostgreSQL and the output directory.
    const env = { TOUMING_DATABASE_URL: url.toString(), TOUMING_BLOB_STORE: "database" };
    const runDir = path.join(dir, `workers-${workers}`);
    const out = path.join(runDir, "out");
    await startCli(path.join(runDir, "import"), ["agencies", "import", registry], env).exited;
    const pool = Array.from({ length: workers }, (_, i) =>
      startCli(path.join(runDir, `worker-${i}`), ["worker", "--out", out], env),
    );
    const coordinator = await startCli(
      path.join(runDir, "coordinator"),
      ["run", "--via-workers", "--no-pdf", "--out", out, ...date],
      env,
    ).exited;
    for (const w of pool) w.child.kill("SIGTERM");
    const ended = await Promise.all(pool.map((w) => w.exited));
    const [{ bytes }] = await admin(
      url.toString(),
      "select pg_database_size(current_database())::bigint as bytes",
    );
    const workerPeak = Math.max(...ended.map((e) => e.peakMiB));
    console.log(
      `${count} agencies on PostgreSQL, ${workers} worker(s): ${coordinator.seconds.toFixed(1)} s (${(count / coordinator.seconds).toFixed(1)} agencies/s), ` +
        `peak RSS per worker ${workerPeak.toFixed(0)} MiB, coordinator ${coordinator.peakMiB.toFixed(0)} MiB, database (blobs included) ${(Number(bytes) / MiB).toFixed(0)} MiB`,
    );
    figure({
      name: `pipeline on PostgreSQL, ${workers} worker(s), ${count} agencies`,
      value: `${coordinator.seconds.toFixed(0)} s, worker peak ${workerPeak.toFixed(0)} MiB, db ${(Number(bytes) / MiB).toFixed(0)} MiB`,
      anchor: `one process on SQLite ${single.seconds.toFixed(0)} s`,
      ratio: `${(single.seconds / coordinator.seconds).toFixed(2)}× its throughput`,
      target: "measured (issue 18: throughput, RSS per worker and database size per worker count)",
      met: null,
    });
    await admin(clusterUrl, `DROP DATABASE ${name} WITH (FORCE)`);
  }
} finally {
  sites.kill("SIGTERM");
  await own?.stop();
  if (!process.env.KEEP) rmSync(dir, { recursive: true, force: true });
}
