import { realpath, stat } from "node:fs/promises";
import path from "node:path";

/** A request path resolved to a file inside the root, or why not. */
export type Resolved =
  | { ok: true; file: string; size: number; mtimeMs: number; ino: number }
  | { ok: false; status: 400 | 404 }
  /** A directory with an index.html asked for without its trailing slash: its links need one. */
  | { ok: false; status: 301; location: string };

/**
 * Resolves a URL path to a regular file under `root` (an absolute, real path), refusing anything
 * that could leave it: a path that does not decode, `..` or `.` segments (also when encoded),
 * backslashes and NUL, dot files, publish's temporary files, and symbolic links that lead outside
 * the root. A directory is served only through its `index.html` (no listing).
 */
export async function resolveRequestPath(root: string, urlPath: string): Promise<Resolved> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { ok: false, status: 400 };
  }
  if (!decoded.startsWith("/") || /[\\\0]/.test(decoded)) return { ok: false, status: 400 };
  const segments = decoded.split("/").slice(1);
  const last = segments.length - 1;
  for (const [i, s] of segments.entries()) {
    if (s === "" && i === last) continue;
    if (s === "" || s === "." || s === "..") return { ok: false, status: 400 };
    if (s.startsWith(".") || /\.touming-\d+\.tmp$/.test(s)) return { ok: false, status: 404 };
  }
  const wantsDirectory = segments[last] === "";
  const candidate = path.join(root, ...segments.filter((s) => s !== ""));
  const found = await inside(root, candidate);
  if (!found) return { ok: false, status: 404 };
  if (found.isDirectory) {
    if (!wantsDirectory) {
      const index = await inside(root, path.join(found.real, "index.html"));
      return index && !index.isDirectory
        ? { ok: false, status: 301, location: `${urlPath}/` }
        : { ok: false, status: 404 };
    }
    const index = await inside(root, path.join(found.real, "index.html"));
    if (!index || index.isDirectory) return { ok: false, status: 404 };
    return { ok: true, file: index.real, size: index.size, mtimeMs: index.mtimeMs, ino: index.ino };
  }
  if (wantsDirectory) return { ok: false, status: 404 };
  return { ok: true, file: found.real, size: found.size, mtimeMs: found.mtimeMs, ino: found.ino };
}

/** The real path of `file` and what it is, when it exists and its real path is inside `root`. */
async function inside(root: string, file: string) {
  let real: string;
  try {
    real = await realpath(file);
  } catch {
    return null;
  }
  if (real !== root && !real.startsWith(root + path.sep)) return null;
  const info = await stat(real).catch(() => null);
  if (!info || !(info.isFile() || info.isDirectory())) return null;
  return { real, isDirectory: info.isDirectory(), size: info.size, mtimeMs: info.mtimeMs, ino: info.ino };
}
