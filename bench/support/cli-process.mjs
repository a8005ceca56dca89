// The CLI as a process the benchmarks measure: its wall time and peak RSS (VmHWM, sampled from /proc).
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { clearInterval, setInterval } from "node:timers";
import { fileURLToPath } from "node:url";

const cli = path.join(fileURLToPath(new URL("../..", import.meta.url)), "packages/cli/bin/touming");
const MiB = 2 ** 20;

/**
 * Starts `touming --data-dir DIR ARGS…` with `env` added. `exited` resolves to its seconds, peak RSS in
 * MiB and stdout once it ends by itself with 0 or is stopped by SIGTERM (a worker), and rejects with
 * the end of its log otherwise.
 */
export function startCli(dataDir, args, env = {}) {
  const t0 = process.hrtime.bigint();
  const child = spawn(cli, ["--data-dir", dataDir, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
  let peakKb = 0;
  let stdout = "";
  let log = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (log = (log + d).slice(-4000)));
  const sample = () => {
    try {
      const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
      if (m) peakKb = Math.max(peakKb, Number(m[1]));
    } catch {
      // the process has ended
    }
  };
  const timer = setInterval(sample, 100);
  const exited = new Promise((resolve, reject) =>
    child.on("exit", (code, signal) => {
      clearInterval(timer);
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      if (code === 0 || signal === "SIGTERM" || code === 143)
        resolve({ seconds, peakMiB: (peakKb * 1024) / MiB, stdout });
      else reject(new Error(`touming ${args.join(" ")} exited ${code ?? signal}: ${log}`));
    }),
  );
  return { child, exited };
}
