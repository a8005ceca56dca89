// Runs one benchmark by name: npm run bench -- <name> [args]. Benchmarks print figures; nothing asserts time.
// npm run bench -- --smoke runs every benchmark at its smallest size (BENCH_SMOKE=1, see
// support/size.mjs), one after the other in its own process, printing its figures and wall time,
// and exits 1 if any of them failed: the CI check that they all still run (the packages built).
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

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

const [name, ...args] = process.argv.slice(2);
if (name === "--smoke") smokeRun();
if (!name || !names.includes(name)) {
  console.error(`usage: npm run bench -- <${names.join("|")}> [args]   or   npm run bench -- --smoke`);
  process.exit(1);
}
process.argv = [process.argv[0], `${here}${name}.mjs`, ...args];
await import(`${here}${name}.mjs`);
