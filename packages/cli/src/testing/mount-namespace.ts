import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, readlinkSync } from "node:fs";

/**
 * A private mount namespace held open by a sleeping process, in which tests mount a small tmpfs
 * (a disk that fills up) or a read-only bind mount without touching the machine's mounts. A user
 * namespace makes this work without root; as root it maps root to itself. Everything mounted
 * disappears with the holder.
 */
export interface MountNamespace {
  /** Prefix for a command that must run inside (see startCli's `wrapper`). */
  wrapper: readonly string[];
  /** Runs a shell script inside; throws with its stderr when it fails. */
  sh(script: string, ...args: string[]): void;
  /** The path of a file inside, as this process (outside the namespace) reaches it. */
  outside(file: string): string;
  close(): void;
}

/** Why mount namespaces cannot be used here, or null when they can. */
export function mountNamespaceUnavailable(): string | null {
  if (!existsSync("/usr/bin/unshare") || !existsSync("/usr/bin/nsenter"))
    return "unshare/nsenter (util-linux) not installed";
  const probe = spawnSync(
    "unshare",
    ["-Urm", "--propagation", "private", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
    { encoding: "utf8" },
  );
  if (probe.status !== 0)
    return `cannot create a user and mount namespace here (${(probe.stderr || probe.error?.message || "").trim()})`;
  return null;
}

/** Starts the process holding a fresh user and mount namespace; `close()` ends it and its mounts. */
export async function startMountNamespace(): Promise<MountNamespace> {
  const holder: ChildProcess = spawn("unshare", ["-Urm", "--propagation", "private", "sleep", "3600"], {
    stdio: "ignore",
  });
  const pid = holder.pid!;
  // The holder has its namespace once `sleep` runs in it (its mount namespace differs from ours).
  const ours = readNs("self");
  for (let i = 0; i < 200 && (readNs(String(pid)) === ours || readNs(String(pid)) === null); i++)
    await new Promise((r) => setTimeout(r, 25));
  const wrapper = ["nsenter", "-t", String(pid), "-U", "-m", "--preserve-credentials", "--"];
  return {
    wrapper,
    sh(script, ...args) {
      const [command, ...prefix] = wrapper;
      const result = spawnSync(command!, [...prefix, "sh", "-ec", script, "sh", ...args], {
        encoding: "utf8",
      });
      if (result.status !== 0) throw new Error(`in the namespace: ${script}: ${result.stderr.trim()}`);
    },
    outside: (file) => `/proc/${pid}/root${file}`,
    close: () => holder.kill("SIGKILL"),
  };
}

function readNs(pid: string): string | null {
  try {
    return readlinkSync(`/proc/${pid}/ns/mnt`);
  } catch {
    return null;
  }
}
