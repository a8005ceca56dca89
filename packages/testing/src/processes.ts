import { readFileSync, readdirSync } from "node:fs";

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

/** Every live descendant of a process, with its command name (Linux: reads /proc). */
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

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `condition` every 50 ms until it holds or `limitMs` passes; returns whether it held. */
export async function eventually(condition: () => boolean, limitMs: number): Promise<boolean> {
  for (let waited = 0; waited < limitMs; waited += 50) {
    if (condition()) return true;
    await sleep(50);
  }
  return condition();
}
