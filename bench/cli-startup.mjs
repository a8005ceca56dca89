// How long the touming command takes to start, whole process, as a user runs it
// (packages/cli/bin/touming: the shell wrapper, then Node): `--help`, `--version`, and `extract FILE
// --json` of one HTML and one PDF report. Each figure is the median wall time of N runs, beside the
// anchor `node -e 0` measured in the same run (so a slow or busy machine shows in both), their
// ratio, and the target, each as a figure (bench/support/figures.mjs: --help, extract HTML and
// extract PDF against their targets; --version as a line). It never fails on time, only when a
// command fails.
// Usage: npm run bench -- cli-startup [runs]   (BENCH_SMOKE=1: 2 runs)
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { figure } from "./support/figures.mjs";
import { smoke } from "./support/size.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const touming = `${root}packages/cli/bin/touming`;
const html = `${root}packages/extract/fixtures/html/huaian-2024-2021-format.html`;
const pdf = `${root}packages/extract/fixtures/pdf/huaian-city-2024.pdf`;
const runs = smoke ? 2 : Number(process.argv[2] ?? 15);

/** Wall time of one whole process in ms; throws (with its stderr) when it exits non-zero. */
function wall(command, args) {
  const t0 = process.hrtime.bigint();
  const child = spawnSync(command, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (child.status !== 0)
    throw new Error(`${[command, ...args].join(" ")}: exit ${child.status}\n${child.stderr ?? child.error}`);
  return ms;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// `figure`: the name the figure is reported under (null: a line only).
const cases = [
  { name: "--help", args: ["--help"], targetMs: 150, figure: "CLI --help" },
  { name: "--version", args: ["--version"], targetMs: 150, figure: null },
  {
    name: "extract HTML --json",
    args: ["extract", html, "--json"],
    targetMs: 400,
    figure: "CLI extract HTML",
  },
  { name: "extract PDF --json", args: ["extract", pdf, "--json"], targetMs: 400, figure: "CLI extract PDF" },
];

// Interleaved (anchor, then each command, N times) so that load from elsewhere falls on all alike.
const anchor = [];
const times = cases.map(() => []);
for (let i = 0; i < runs; i++) {
  anchor.push(wall(process.execPath, ["-e", "0"]));
  cases.forEach((c, j) => times[j].push(wall(touming, c.args)));
}
const anchorMs = median(anchor);
console.log(
  `touming startup, median of ${runs} runs, whole process; anchor node -e 0: ${anchorMs.toFixed(0)} ms`,
);
for (const [j, c] of cases.entries()) {
  const ms = median(times[j]);
  console.log(
    `  ${c.name.padEnd(22)} ${ms.toFixed(0).padStart(5)} ms  ${(ms / anchorMs).toFixed(1).padStart(5)}× anchor  target ${c.targetMs} ms${ms <= c.targetMs ? "" : " (over)"}`,
  );
}
for (const [j, c] of cases.entries()) {
  if (!c.figure) continue;
  const ms = median(times[j]);
  figure({
    name: c.figure,
    value: `${ms.toFixed(0)} ms`,
    anchor: `node -e 0 ${anchorMs.toFixed(0)} ms`,
    ratio: `${(ms / anchorMs).toFixed(1)}×`,
    target: `≤ ${c.targetMs} ms`,
    met: smoke ? null : ms <= c.targetMs,
  });
}
