import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";

const SEGMENT = /^[a-z0-9][a-z0-9._-]{0,120}$/;

/** A path under the output directory built from ids; anything that could escape it is refused. */
export function outputPath(outDir: string, ...segments: string[]): string {
  for (const s of segments) {
    if (!SEGMENT.test(s) || s.includes(".."))
      throw new Error(`unsafe output path segment: ${JSON.stringify(s)}`);
  }
  const full = path.resolve(outDir, ...segments);
  if (!full.startsWith(path.resolve(outDir) + path.sep))
    throw new Error(`output path escapes ${outDir}: ${full}`);
  return full;
}

export interface Written {
  /** Relative to the output directory, with forward slashes. */
  path: string;
  sha256: string;
  bytes: number;
  changed: boolean;
}

/** Writes a file atomically, and not at all when the bytes on disk are already the same. */
export async function writeIfChanged(
  outDir: string,
  file: string,
  content: string | Buffer,
): Promise<Written> {
  const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const rel = path.relative(outDir, file).split(path.sep).join("/");
  const existing = await readFile(file).catch(() => null);
  if (existing && existing.equals(bytes)) return { path: rel, sha256, bytes: bytes.length, changed: false };
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, file);
  return { path: rel, sha256, bytes: bytes.length, changed: true };
}

/** CSV with a UTF-8 BOM so that spreadsheet software shows Chinese correctly. */
export function toCsv(
  header: readonly string[],
  rows: readonly (readonly (string | number | null | undefined)[])[],
): string {
  const cell = (v: string | number | null | undefined) => {
    const s = v === null || v === undefined ? "" : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return "\ufeff" + [header, ...rows].map((r) => r.map(cell).join(",")).join("\r\n") + "\r\n";
}
