import type { Dirent } from "node:fs";
import { readdir, rm } from "node:fs/promises";
import { hostname } from "node:os";
import path from "node:path";
import { isProcessAlive } from "@touming/store";

/** What marks a temporary file as publish's own: `<file>.touming-<pid>.tmp`. */
const TEMP = /\.touming-(\d+)\.tmp$/;

/** Where a file is written before it is renamed into place, named for this process. */
export const tempPathFor = (file: string): string => `${file}.touming-${process.pid}.tmp`;

/** The entries of a folder, none when it is gone. */
async function entries(dir: string): Promise<Dirent[]> {
  return readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT" || error.code === "ENOTDIR") return [];
    throw error;
  });
}

/**
 * Removes the temporary files a killed publish left in the output directory (they would be
 * published with it); returns how many. Only files named as publish names its own, of a process
 * that is gone, and only regular files in real folders: a symbolic link is neither followed nor
 * removed, so nothing outside the output directory is ever touched.
 */
export async function sweepStaleTemp(outDir: string): Promise<number> {
  let removed = 0;
  const pending = [outDir];
  for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) {
    for (const entry of await entries(dir)) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) pending.push(full);
      if (!entry.isFile()) continue;
      const pid = Number(TEMP.exec(entry.name)?.[1] ?? 0);
      if (pid === 0 || isProcessAlive({ pid, host: hostname() })) continue;
      await rm(full, { force: true });
      removed++;
    }
  }
  return removed;
}
