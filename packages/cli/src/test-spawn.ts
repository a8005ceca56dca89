import { type ChildProcess, type SpawnOptions, spawn } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";

/** The built CLI (`npm run build` first), as users run it. */
export const touming = fileURLToPath(new URL("../bin/touming", import.meta.url));

export interface Exited {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface Started {
  child: ChildProcess;
  pid: number;
  /** Resolves when the process has exited (it never rejects). */
  exited: Promise<Exited>;
  /** Resolves once stderr holds at least `n` complete lines. */
  stderrLines(n: number): Promise<void>;
}

export interface StartOptions {
  /** Runs `wrapper… touming args…` (e.g. nsenter into a mount namespace). */
  wrapper?: readonly string[];
  env?: NodeJS.ProcessEnv;
  uid?: number;
  gid?: number;
}

const live = new Set<ChildProcess>();
afterAll(() => {
  for (const child of live) child.kill("SIGKILL");
});

/** Starts the CLI as a separate process; any still running when the test file ends is killed. */
export function startCli(args: readonly string[], options: StartOptions = {}): Started {
  const [command, ...prefix] = [...(options.wrapper ?? []), touming];
  const spawnOptions: SpawnOptions = {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...options.env },
    ...(options.uid !== undefined ? { uid: options.uid } : {}),
    ...(options.gid !== undefined ? { gid: options.gid } : {}),
  };
  const child = spawn(command!, [...prefix, ...args], spawnOptions);
  live.add(child);
  let stdout = "";
  let stderr = "";
  const waiting: { n: number; resolve: () => void }[] = [];
  const lines = () => stderr.split("\n").length - 1;
  child.stdout!.on("data", (b: Buffer) => (stdout += b.toString()));
  child.stderr!.on("data", (b: Buffer) => {
    stderr += b.toString();
    for (const w of waiting.filter((w) => lines() >= w.n)) {
      waiting.splice(waiting.indexOf(w), 1);
      w.resolve();
    }
  });
  const exited = new Promise<Exited>((resolve) => {
    child.on("close", (code, signal) => {
      live.delete(child);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return {
    child,
    pid: child.pid!,
    exited,
    stderrLines: (n) =>
      lines() >= n ? Promise.resolve() : new Promise<void>((resolve) => waiting.push({ n, resolve })),
  };
}

/** Runs the CLI to its end. */
export function runCli(args: readonly string[], options: StartOptions = {}): Promise<Exited> {
  return startCli(args, options).exited;
}

/** A seeded PRNG (mulberry32) in [0, 1): the same kill points on every run of a test. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface ProcInfo {
  pid: number;
  ppid: number;
  state: string;
  comm: string;
}

function processTable(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      const [state, ppid] = stat.slice(close + 2).split(" ");
      out.push({
        pid: Number(name),
        ppid: Number(ppid),
        state: state ?? "?",
        comm: stat.slice(stat.indexOf("(") + 1, close),
      });
    } catch {
      // gone while we looked
    }
  }
  return out;
}

/** Every live descendant of a process, with its command name. */
export function descendants(pid: number): { pid: number; comm: string }[] {
  const table = processTable();
  const found: { pid: number; comm: string }[] = [];
  const walk = (parent: number) => {
    for (const p of table)
      if (p.ppid === parent && p.state !== "Z") {
        found.push({ pid: p.pid, comm: p.comm });
        walk(p.pid);
      }
  };
  walk(pid);
  return found;
}

/** Whether a process still runs (a zombie has stopped running). */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `condition` every 50 ms until it holds or `limitMs` passes; returns whether it held. */
export async function eventually(condition: () => boolean, limitMs: number): Promise<boolean> {
  for (let waited = 0; waited < limitMs; waited += 50) {
    if (condition()) return true;
    await sleep(50);
  }
  return condition();
}

/** The sample sites' registry without some agencies (by id). */
export function registryWithout(yaml: string, ids: readonly string[]): string {
  const [head, body = ""] = yaml.split(/^agencies:\n/m);
  const blocks = body.split(/^(?= {2}- id: )/m);
  const kept = blocks.filter((b) => !ids.some((id) => b.startsWith(`  - id: ${id}\n`)));
  return `${head}agencies:\n${kept.join("")}`;
}
