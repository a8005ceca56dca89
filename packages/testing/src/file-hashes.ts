import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

/** The sha256 of a file's bytes, in hex. */
export function sha256File(file: string): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

/**
 * The sha256 of every file under a directory (an output tree), by path relative to it, in name
 * order: two trees compare with `toEqual`. A directory that does not exist has no files.
 */
export function fileHashes(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else out[path.relative(root, file)] = sha256File(file);
    }
  };
  if (existsSync(root)) walk(root);
  return out;
}
