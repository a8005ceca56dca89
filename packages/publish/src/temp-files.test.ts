import { existsSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { useTempDirs } from "@touming/testing";
import { expect, it } from "vitest";
import { sweepStaleTemp, tempPathFor } from "./temp-files.js";

const tempDir = useTempDirs();
/** A pid no process has (above Linux's pid_max). */
const DEAD = 4_194_999;

it("names temporary files for the product and this process", () => {
  expect(tempPathFor("/out/cards/a/2024.html")).toBe(`/out/cards/a/2024.html.touming-${process.pid}.tmp`);
});

it("sweeps only its own stale temporary files, in real folders, never through a symbolic link", async () => {
  const out = tempDir();
  const outside = tempDir();
  mkdirSync(path.join(out, "cards", "a"), { recursive: true });
  const file = (...p: string[]) => {
    writeFileSync(path.join(...p), "x");
    return path.join(...p);
  };
  const stale = file(out, "cards", "a", `2024.html.touming-${DEAD}.tmp`);
  const live = file(out, "index.html" + `.touming-${process.pid}.tmp`);
  // Before: any `*.<pid>.tmp` under --out went, whoever wrote it, and the walk followed links.
  const foreign = file(out, `notes.${DEAD}.tmp`);
  const beyondLink = file(outside, `secret.html.touming-${DEAD}.tmp`);
  symlinkSync(outside, path.join(out, "cards", "linked"));
  symlinkSync(beyondLink, path.join(out, `alias.touming-${DEAD}.tmp`));

  expect(await sweepStaleTemp(out)).toBe(1);
  expect(existsSync(stale)).toBe(false);
  expect([live, foreign, beyondLink].map(existsSync)).toEqual([true, true, true]);
  expect(existsSync(path.join(out, `alias.touming-${DEAD}.tmp`))).toBe(true);
  expect(await sweepStaleTemp(path.join(out, "missing"))).toBe(0);
});
