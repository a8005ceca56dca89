import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { useTempDirs } from "@touming/testing";
import { expect, it } from "vitest";
import { removeFile, writeIfChanged } from "./output-files.js";

const tempDir = useTempDirs();
const sha = (text: string) => createHash("sha256").update(text).digest("hex");
const LONG_AGO = new Date("2020-01-01T00:00:00Z");

it("writes a file into folders that are not there yet, and leaves no temporary file", async () => {
  const out = tempDir();
  const file = path.join(out, "cards", "a-1", "2024.html");
  const written = await writeIfChanged(out, file, "<p>甲</p>");
  expect(written).toEqual({
    path: "cards/a-1/2024.html",
    sha256: sha("<p>甲</p>"),
    bytes: 10,
    changed: true,
  });
  expect(readFileSync(file, "utf8")).toBe("<p>甲</p>");
  expect(readdirSync(path.dirname(file))).toEqual(["2024.html"]);
  // A second file in the same folder.
  await writeIfChanged(out, path.join(out, "cards", "a-1", "2025.html"), "b");
  expect(readdirSync(path.dirname(file)).sort()).toEqual(["2024.html", "2025.html"]);
});

it("keeps a file nothing recorded when its bytes are the same, and replaces one of the same size with other bytes", async () => {
  const out = tempDir();
  mkdirSync(path.join(out, "cards"));
  const file = path.join(out, "cards", "x.html");
  writeFileSync(file, "same");
  utimesSync(file, LONG_AGO, LONG_AGO);
  expect((await writeIfChanged(out, file, "same")).changed).toBe(false);
  expect(statSync(file).mtime).toEqual(LONG_AGO);
  const other = await writeIfChanged(out, file, "diff");
  expect(other).toEqual({ path: "cards/x.html", sha256: sha("diff"), bytes: 4, changed: true });
  expect(readFileSync(file, "utf8")).toBe("diff");
  expect((await writeIfChanged(out, file, "longer")).changed).toBe(true);
  expect(readFileSync(file, "utf8")).toBe("longer");
});

it("trusts a recorded hash only while the file has the recorded size", async () => {
  const out = tempDir();
  const file = path.join(out, "index.html");
  writeFileSync(file, "v1");
  const recorded = { sha256: sha("v1"), bytes: 2 };
  expect((await writeIfChanged(out, file, "v1", recorded)).changed).toBe(false);
  // Cut short on disk since: written again.
  writeFileSync(file, "v");
  expect((await writeIfChanged(out, file, "v1", recorded)).changed).toBe(true);
  expect(readFileSync(file, "utf8")).toBe("v1");
});

it("removes a file, and a file already gone is no error", async () => {
  const out = tempDir();
  const file = path.join(out, "a.pdf");
  writeFileSync(file, "%PDF");
  await removeFile(file);
  expect(existsSync(file)).toBe(false);
  await expect(removeFile(file)).resolves.toBeUndefined();
  // Nor is one under a file where its folder would be.
  writeFileSync(path.join(out, "data"), "x");
  await expect(removeFile(path.join(out, "data", "a.csv.gz"))).resolves.toBeUndefined();
  // Anything else is: a folder is not removed as a file.
  await expect(removeFile(out)).rejects.toThrow(/EISDIR|EPERM/);
});
