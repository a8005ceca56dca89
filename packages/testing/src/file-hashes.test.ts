import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { fileHashes, sha256File, useTempDirs } from "./index.js";

const tempDir = useTempDirs();

it("hashes every file of a tree by relative path, and a missing tree as empty", () => {
  const root = tempDir();
  mkdirSync(path.join(root, "cards", "a"), { recursive: true });
  writeFileSync(path.join(root, "index.html"), "abc");
  writeFileSync(path.join(root, "cards", "a", "2024.html"), "");
  expect(fileHashes(root)).toEqual({
    "cards/a/2024.html": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "index.html": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  });
  expect(sha256File(path.join(root, "index.html"))).toBe(fileHashes(root)["index.html"]);
  expect(fileHashes(path.join(root, "nope"))).toEqual({});
});
