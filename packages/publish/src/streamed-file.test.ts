import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { useTempDirs } from "@touming/testing";
import { expect, it } from "vitest";
import { StreamedFile } from "./output-files.js";

const tempDir = useTempDirs();

/** Texts as the open data writes them: many records, Chinese, a surrogate pair, a lone surrogate, one text larger than a chunk. */
function texts(): string[] {
  const out = ["\ufeffagency_id,name,excerpt\r\n"];
  for (let i = 0; i < 30_000; i++)
    out.push(`a${i},某某县人民政府（样本${i}）,"本年度主动公开 ""${i}"" 条 𠀋"\r\n`);
  out.push(`x,${"长".repeat(700_000)},\ud800\r\n`);
  for (let i = 0; i < 100; i++) out.push(`b${i},ascii only\r\n`);
  return out;
}

async function streamTo(dir: string, name: string, all: readonly string[]) {
  const stream = await StreamedFile.open(dir, path.join(dir, "data", name));
  for (const t of all) await stream.write(t);
  return stream.finish();
}

it("writes every text's UTF-8 compressed, with the hash and size of the bytes on disk", async () => {
  const dir = tempDir();
  const all = texts();
  const written = await streamTo(dir, "values.csv.gz", all);
  const onDisk = readFileSync(path.join(dir, "data", "values.csv.gz"));
  // Byte for byte what Buffer.from makes of the whole text (a lone surrogate becomes U+FFFD).
  expect(gunzipSync(onDisk).equals(Buffer.from(all.join(""), "utf8"))).toBe(true);
  expect(gunzipSync(onDisk).includes(Buffer.from("\ufffd\r\nb0,", "utf8"))).toBe(true);
  expect(written).toEqual({
    path: "data/values.csv.gz",
    sha256: createHash("sha256").update(onDisk).digest("hex"),
    bytes: onDisk.length,
    changed: true,
  });
  // No temporary file is left beside it.
  expect(readdirSync(path.join(dir, "data"))).toEqual(["values.csv.gz"]);
});

it("makes the same bytes from the same texts, and keeps the file when they are unchanged", async () => {
  const dir = tempDir();
  const first = await streamTo(dir, "v.json.gz", texts());
  const again = await streamTo(dir, "v.json.gz", texts());
  expect(again).toEqual({ ...first, changed: false });
  const other = await streamTo(dir, "v.json.gz", [...texts(), "one more\r\n"]);
  expect(other.changed).toBe(true);
  expect(other.sha256).not.toBe(first.sha256);
});

it("leaves nothing behind when abandoned", async () => {
  const dir = tempDir();
  const stream = await StreamedFile.open(dir, path.join(dir, "data", "grades.csv.gz"));
  await stream.write("partial");
  await stream.abandon();
  expect(existsSync(path.join(dir, "data", "grades.csv.gz"))).toBe(false);
  expect(readdirSync(path.join(dir, "data"))).toEqual([]);
});
