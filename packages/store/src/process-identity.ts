import { readFileSync } from "node:fs";
import { hostname } from "node:os";

export interface ProcessIdentity {
  pid: number;
  host: string;
  /** Start time of the process (Linux clock ticks since boot); tells a live holder from a reused pid. */
  token: string;
}

export function processStartToken(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 2 (comm) may hold spaces and parentheses; fields after the last ')' are fixed.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[19] ?? null; // field 22 overall: starttime
  } catch {
    return null;
  }
}

export function currentProcess(): ProcessIdentity {
  return {
    pid: process.pid,
    host: hostname(),
    token: processStartToken(process.pid) ?? `pid-${process.pid}`,
  };
}

/**
 * Whether the process that wrote (pid, token) on this host still runs.
 * On another host we cannot tell, so we assume it does.
 */
export function isProcessAlive(holder: { pid: number; host: string; token?: string }): boolean {
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  if (holder.token === undefined) return true;
  const current = processStartToken(holder.pid);
  return current === null || holder.token.startsWith("pid-") || current === holder.token;
}
