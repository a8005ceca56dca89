// The whole pipeline on synthetic registries of N agencies (default 1,000, 3,000 and 10,000) served
// by loopback sites in another process: a first run (crawl with politeness off, extract, grade,
// publish HTML) and a second run with nothing changed. Each stage is the real CLI in its own
// process; the figures are its wall time, peak RSS (VmHWM), and what it did, and the size of the
// published out/ (target: ≤ 800 MB at 10,000 agencies; at another size, estimated linearly); then, at
// the largest size, a first publish with PDFs (the default: newest year's cards, every summary) into
// a new out/ (BENCH_NO_PDF=1 leaves it out).
//   npm run bench -- pipeline-scale [N ...]   (smoke size: 10 agencies)
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startCli } from "./support/cli-process.mjs";
import { figure } from "./support/figures.mjs";
import { machineSpeedAnchor, pdftotextMsPerPage } from "./support/machine-speed.mjs";
import { smoke } from "./support/size.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const Database = createRequire(path.join(root, "packages/store/package.json"))("better-sqlite3");
const sizes = process.argv.slice(2).map(Number);
const MiB = 2 ** 20;
/** The out/ target is in MB (10^6 bytes), at 10,000 agencies. */
const MB = 1e6;
const OUT_TARGET_AGENCIES = 10_000;
const OUT_TARGET_MB = 800;

/** Prints the size of out/ after a run over `count` agencies against its target. */
function outSizeFigure(count, bytes, dataBytes) {
  const mb = (b) => `${(b / MB).toFixed(b < 10 * MB ? 1 : 0)} MB`;
  const estimate =
    count === OUT_TARGET_AGENCIES ? "" : `; est. 10k: ${mb((bytes * OUT_TARGET_AGENCIES) / count)}, linear`;
  figure({
    name: `out/ size at ${count} agencies`,
    value: `${mb(bytes)} (open data ${mb(dataBytes)}${estimate})`,
    target: `≤ ${OUT_TARGET_MB} MB at 10,000 agencies`,
    met: count === OUT_TARGET_AGENCIES ? bytes <= OUT_TARGET_MB * MB : null,
  });
}

/** The figures of 2026-11-24 at 10,000 agencies without PDFs: this change must not make them worse. */
const BEFORE = { first: 352, noChange: 47, peakMiB: 600 };

/**
 * The machine's speed over a stretch of the bench, from its yardstick measured before and after
 * (support/machine-speed.mjs): the fixed figures below were measured on a faster day than some.
 */
function machineOver(before, after) {
  const known = [before, after].filter((v) => v !== null);
  return known.length === 0 ? null : machineSpeedAnchor(known.reduce((a, b) => a + b, 0) / known.length);
}

/** `fixed` (a figure of another day), with the machine's speed during this run beside it. */
const besideMachine = (fixed, machine) => (machine ? `${fixed}; ${machine}` : fixed);

/**
 * The first run, the no-change run and the peak RSS of any stage, against the figures before
 * (`machine`: the machine's speed during these runs, or null).
 */
function scaleFigures(count, runs, machine) {
  const atTarget = count === 10_000;
  const first = runs.find((r) => r.pass === "first");
  const again = runs.find((r) => r.pass === "no-change");
  const peak = Math.max(...runs.flatMap((r) => Object.values(r.stages).map((s) => s.peakMiB)));
  figure({
    name: `first run without PDFs, ${count} agencies`,
    value: `${first.seconds.toFixed(0)} s`,
    anchor: atTarget ? besideMachine(`${BEFORE.first} s on 2026-11-24 (not this run)`, machine) : null,
    target: "not worse than 352 s at 10,000 agencies",
    met: atTarget ? first.seconds <= BEFORE.first * 1.05 : null,
  });
  if (again)
    figure({
      name: `no-change run, ${count} agencies`,
      value: `${again.seconds.toFixed(0)} s`,
      anchor: atTarget ? besideMachine(`${BEFORE.noChange} s on 2026-11-24 (not this run)`, machine) : null,
      target: "not worse than 47 s at 10,000 agencies",
      met: atTarget ? again.seconds <= BEFORE.noChange * 1.05 : null,
    });
  figure({
    name: `peak RSS of any stage, ${count} agencies`,
    value: `${peak.toFixed(0)} MiB`,
    anchor: atTarget ? `${BEFORE.peakMiB} MiB on 2026-11-24 (not this run)` : null,
    target: "not worse than 600 MiB at 10,000 agencies",
    met: atTarget ? peak <= BEFORE.peakMiB * 1.05 : null,
  });
}

/** Runs one CLI command to its end: its seconds, peak RSS and stdout. */
const stage = (dataDir, args) => startCli(dataDir, args).exited;

function treeBytes(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (entry.isFile()) total += statSync(path.join(entry.parentPath, entry.name)).size;
  return total;
}

function lastRunCounters(dataDir, stageName) {
  const db = new Database(path.join(dataDir, "touming.db"), { readonly: true });
  try {
    const row = db
      .prepare("SELECT counters FROM runs WHERE stage = ? ORDER BY id DESC LIMIT 1")
      .get(stageName);
    return row ? JSON.parse(row.counters) : {};
  } finally {
    db.close();
  }
}

function startSites(count, registryFile) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(root, "bench/support/serve-synthetic.mjs"), String(count), registryFile],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let out = "";
    const onData = (d) => {
      out += d;
      if (out.includes("\n")) {
        child.stdout.off("data", onData);
        resolve(child);
      }
    };
    child.stdout.on("data", onData);
    child.on("exit", (code) => reject(new Error(`the synthetic sites exited ${code}`)));
  });
}

const rows = [];
for (const count of sizes.length ? sizes : smoke ? [10] : [1000, 3000, 10000]) {
  const dir = mkdtempSync(path.join(tmpdir(), "touming-bench-scale-"));
  const dataDir = path.join(dir, "data");
  const outDir = path.join(dir, "out");
  const registry = path.join(dir, "registry.yaml");
  const sites = await startSites(count, registry);
  const speedBefore = pdftotextMsPerPage();
  try {
    await stage(dataDir, ["agencies", "import", registry]);
    for (const pass of process.env.BENCH_PASSES === "1" ? ["first"] : ["first", "no-change"]) {
      const figures = { count, pass, stages: {} };
      const t0 = process.hrtime.bigint();
      figures.stages.crawl = await stage(dataDir, ["crawl", "--concurrency", "32"]);
      figures.stages.extract = await stage(dataDir, ["extract"]);
      figures.stages.grade = await stage(dataDir, ["grade"]);
      figures.stages.publish = await stage(dataDir, [
        "publish",
        "--no-pdf",
        "--out",
        outDir,
        "--date",
        "2026-02-01",
      ]);
      figures.seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      figures.crawl = lastRunCounters(dataDir, "crawl");
      figures.extract = lastRunCounters(dataDir, "extract");
      figures.dbMiB =
        (statSync(path.join(dataDir, "touming.db")).size +
          (statSync(path.join(dataDir, "touming.db-wal"), { throwIfNoEntry: false })?.size ?? 0)) /
        MiB;
      figures.blobsMiB = treeBytes(path.join(dataDir, "blobs")) / MiB;
      figures.outBytes = treeBytes(outDir);
      figures.dataBytes = treeBytes(path.join(outDir, "data"));
      figures.outMiB = figures.outBytes / MiB;
      rows.push(figures);
      const s = figures.stages;
      const reports = Number(figures.extract.reports ?? 0);
      console.log(
        `${count} agencies, ${pass} run: ${figures.seconds.toFixed(0)} s total; ` +
          `crawl ${s.crawl.seconds.toFixed(1)} s (${figures.crawl.requests} requests, ${(figures.crawl.requests / s.crawl.seconds).toFixed(0)}/s, ${figures.crawl.new ?? 0} new, ${figures.crawl.notModified ?? 0} not modified, peak ${s.crawl.peakMiB.toFixed(0)} MiB); ` +
          `extract ${s.extract.seconds.toFixed(1)} s (${reports} reports, ${(reports / s.extract.seconds).toFixed(0)}/s, peak ${s.extract.peakMiB.toFixed(0)} MiB); ` +
          `grade ${s.grade.seconds.toFixed(1)} s (peak ${s.grade.peakMiB.toFixed(0)} MiB); ` +
          `publish ${s.publish.seconds.toFixed(1)} s (peak ${s.publish.peakMiB.toFixed(0)} MiB); ` +
          `db ${figures.dbMiB.toFixed(0)} MiB, blobs ${figures.blobsMiB.toFixed(0)} MiB, out ${figures.outMiB.toFixed(0)} MiB`,
      );
    }
    const last = rows.at(-1);
    outSizeFigure(count, last.outBytes, last.dataBytes);
    scaleFigures(
      count,
      rows.filter((r) => r.count === count),
      machineOver(speedBefore, pdftotextMsPerPage()),
    );
    // At the largest size: the first publish with PDFs (the default, newest year's cards and every
    // summary) into a new out/, from the store the first run made; BENCH_NO_PDF=1 leaves it out.
    if (
      count === Math.max(...(sizes.length ? sizes : smoke ? [10] : [1000, 3000, 10000])) &&
      !process.env.BENCH_NO_PDF
    ) {
      const pdfOut = `${outDir}-pdf`;
      const speedBeforePdf = pdftotextMsPerPage();
      const publish = await stage(dataDir, ["publish", "--out", pdfOut, "--date", "2026-02-01"]);
      const machine = machineOver(speedBeforePdf, pdftotextMsPerPage());
      const pdfs = readdirSync(pdfOut, { recursive: true }).filter((f) => f.endsWith(".pdf")).length;
      const first = rows.find((r) => r.count === count && r.pass === "first");
      const before = first.stages.crawl.seconds + first.stages.extract.seconds + first.stages.grade.seconds;
      console.log(
        `${count} agencies, first publish with PDFs: ${publish.seconds.toFixed(0)} s, ${pdfs} PDFs (${(pdfs / publish.seconds).toFixed(1)}/s with the HTML), peak ${publish.peakMiB.toFixed(0)} MiB`,
      );
      const atTarget = count === 10_000;
      figure({
        name: `first publish with PDFs, ${count} agencies`,
        value: `${(publish.seconds / 60).toFixed(1)} min (${pdfs} PDFs)`,
        anchor: atTarget ? machine : null,
        target: "≤ 20 min at 10,000 agencies",
        met: atTarget ? publish.seconds <= 20 * 60 : null,
      });
      figure({
        name: `first run with PDFs, ${count} agencies`,
        value: `${((before + publish.seconds) / 60).toFixed(1)} min (crawl, extract, grade of the first run + this publish)`,
        anchor: atTarget ? machine : null,
        target: "≤ 25 min at 10,000 agencies",
        met: atTarget ? before + publish.seconds <= 25 * 60 : null,
      });
    }
  } finally {
    sites.kill("SIGTERM");
    if (process.env.BENCH_KEEP) console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}
