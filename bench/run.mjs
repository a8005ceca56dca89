// Runs one benchmark by name: npm run bench -- <name> [args]. Benchmarks print figures; nothing asserts time.
// npm run bench -- all runs every benchmark at its full size, one after the other in its own process,
// and ends with one table of every figure stated against a target (support/figures.mjs): figure,
// anchor measured in the same run, ratio, target, and whether it is met.
// npm run bench -- --smoke runs every benchmark at its smallest size (BENCH_SMOKE=1, see
// support/size.mjs), one after the other in its own process, printing its figures and wall time,
// and exits 1 if any of them failed: the CI check that they all still run (the packages built).
import { spawn, spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { FIGURE_MARK } from "./support/figures.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const names = readdirSync(here)
  .filter((f) => f.endsWith(".mjs") && f !== "run.mjs")
  .map((f) => f.replace(/\.mjs$/, ""));
/** A smoke run taking longer than this has hung. */
const SMOKE_TIMEOUT_MS = 5 * 60_000;

function smokeRun() {
  const failed = [];
  const started = process.hrtime.bigint();
  for (const name of names) {
    console.log(`== ${name}`);
    const t0 = process.hrtime.bigint();
    const child = spawnSync(process.execPath, [`${here}run.mjs`, name], {
      stdio: "inherit",
      env: { ...process.env, BENCH_SMOKE: "1" },
      timeout: SMOKE_TIMEOUT_MS,
    });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const ok = child.status === 0;
    if (!ok) failed.push(name);
    const how = child.error ? `: ${child.error.message}` : child.signal ? ` by ${child.signal}` : "";
    console.log(
      `== ${name}: ${ok ? "ok" : `FAILED (exit ${child.status}${how})`} in ${seconds.toFixed(1)} s`,
    );
  }
  const total = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(
    `smoke: ${names.length - failed.length}/${names.length} benchmarks ran in ${total.toFixed(1)} s${failed.length ? `; failed: ${failed.join(", ")}` : ""}`,
  );
  process.exit(failed.length ? 1 : 0);
}

/** Runs a benchmark, its output shown as it comes; resolves to its exit code and the figures it stated. */
function runCollecting(name) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`${here}run.mjs`, name], { stdio: ["ignore", "pipe", "inherit"] });
    const figures = [];
    let rest = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk) => {
      const lines = (rest + chunk).split("\n");
      rest = lines.pop();
      for (const line of lines) {
        if (line.startsWith(FIGURE_MARK)) figures.push(JSON.parse(line.slice(FIGURE_MARK.length)));
        else console.log(line);
      }
    });
    child.on("close", (code, signal) => resolve({ code: code ?? signal, figures }));
  });
}

/** A markdown table: every cell's pipes escaped. */
function table(header, rows) {
  const cell = (v) => String(v ?? "—").replace(/\|/g, "\\|");
  return [header, header.map(() => "---"), ...rows].map((r) => `| ${r.map(cell).join(" | ")} |`).join("\n");
}

async function allRun() {
  const rows = [];
  const failed = [];
  for (const name of names) {
    console.log(`== ${name}`);
    const t0 = process.hrtime.bigint();
    const { code, figures } = await runCollecting(name);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    console.log(`== ${name}: ${code === 0 ? "ok" : `FAILED (${code})`} in ${seconds.toFixed(1)} s`);
    if (code !== 0) failed.push(name);
    for (const f of figures) {
      const met = f.met === null ? "not judged at this size" : f.met ? "met" : "**not met**";
      rows.push([name, f.name, f.value, f.anchor, f.ratio, f.target, met]);
    }
  }
  console.log("");
  console.log(table(["bench", "figure", "measured", "anchor (same run)", "ratio", "target", ""], rows));
  const missed = rows.filter((r) => r[6] === "**not met**").length;
  console.log(
    `\n${rows.length} figures, ${missed} target(s) not met${failed.length ? `; benchmarks failed: ${failed.join(", ")}` : ""}`,
  );
  process.exit(failed.length ? 1 : 0);
}

const [name, ...args] = process.argv.slice(2);
if (name === "--smoke") smokeRun();
if (name === "all") await allRun();
if (!name || !names.includes(name)) {
  console.error(
    `usage: npm run bench -- <${names.join("|")}> [args]   or   npm run bench -- all   or   npm run bench -- --smoke`,
  );
  process.exit(1);
}
process.argv = [process.argv[0], `${here}${name}.mjs`, ...args];
await import(`${here}${name}.mjs`);
