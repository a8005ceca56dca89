import { type ChildProcess, type SpawnOptions, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";

/**
 * The built CLI as users run it (`packages/cli/bin/touming`; build the cli package first), found
 * from this package's place in the repository: this package does not depend on the cli.
 */
export const TOUMING_BIN = fileURLToPath(new URL("../../cli/bin/touming", import.meta.url));

/** How a CLI process ended, and everything it printed. */
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
  /** What the process wrote on stderr so far. */
  stderrText(): string;
}

export interface CliStartOptions {
  /** Runs `wrapper… touming args…` (e.g. nsenter into a mount namespace). */
  wrapper?: readonly string[];
  /** Added to this process's environment. */
  env?: NodeJS.ProcessEnv;
  uid?: number;
  gid?: number;
}

const live = new Set<ChildProcess>();
afterAll(() => {
  for (const child of live) child.kill("SIGKILL");
});

/** Starts the CLI as a separate process; any still running when the test file ends is killed. */
export function startCli(args: readonly string[], options: CliStartOptions = {}): Started {
  const [command, ...prefix] = [...(options.wrapper ?? []), TOUMING_BIN];
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
    stderrText: () => stderr,
  };
}

/** Runs the CLI to its end. */
export function runCli(args: readonly string[], options: CliStartOptions = {}): Promise<Exited> {
  return startCli(args, options).exited;
}
