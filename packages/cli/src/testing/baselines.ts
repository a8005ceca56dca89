import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { SampleSites } from "@touming/sample-sites";
import { fileHashes, registryWithout, runCli } from "@touming/testing";
import { expect } from "vitest";
import { blobStoreState, canonicalDump } from "./store-snapshot.js";

/** The generation date every publish in these tests declares, so that outputs compare. */
export const PUBLISH_DATE = "2025-06-01";

/** A data directory after one uninterrupted stage, and what that stage left. */
export interface Baseline {
  dir: string;
  /** How long the stage took here (to spread kill points over; never asserted). */
  durationMs: number;
  dump: ReturnType<typeof canonicalDump>;
  blobs: string[];
  /** sha256 of every file under `<dir>/out`. */
  out: Record<string, string>;
}

export type Baselines = Record<"imported" | "crawled" | "extracted" | "graded" | "published", Baseline> & {
  /** The registry of the sample sites the baselines crawled. */
  registry: string;
};

/**
 * Runs the pipeline once, uninterrupted, stage by stage, each in a copy of the previous stage's data
 * directory under `root`: the reference every interrupted or failed run must end up equal to.
 */
export async function buildBaselines(sites: SampleSites, root: string): Promise<Baselines> {
  mkdirSync(root, { recursive: true });
  const registry = path.join(root, "agencies.yaml");
  // linjiang-gaj answers every URL with a 503 then a reset before the page: its retry back-off
  // (seconds per page) would make each crawl ten times longer without reaching other code.
  writeFileSync(registry, registryWithout(sites.registryYaml(), ["linjiang-gaj"]));
  const stage = async (from: Baseline | null, name: string, args: (dir: string) => string[]) => {
    const dir = path.join(root, `baseline-${name}`);
    if (from) cpSync(from.dir, dir, { recursive: true });
    const started = performance.now();
    const run = await runCli(["--data-dir", dir, ...args(dir)]);
    const durationMs = performance.now() - started;
    expect(run.code, run.stderr).toBe(0);
    return {
      dir,
      durationMs,
      dump: canonicalDump(path.join(dir, "touming.db")),
      blobs: blobStoreState(dir).blobs,
      out: fileHashes(path.join(dir, "out")),
    };
  };
  const imported = await stage(null, "imported", () => ["agencies", "import", registry]);
  const crawled = await stage(imported, "crawled", () => ["crawl"]);
  const extracted = await stage(crawled, "extracted", () => ["extract"]);
  const graded = await stage(extracted, "graded", () => ["grade"]);
  const published = await stage(graded, "published", (dir) => [
    "publish",
    "--no-pdf",
    "--out",
    path.join(dir, "out"),
    "--date",
    PUBLISH_DATE,
  ]);
  expect(crawled.dump.documents!.length).toBeGreaterThan(50);
  expect(extracted.dump.reports!.length).toBeGreaterThan(50);
  expect(Object.keys(published.out).length).toBeGreaterThan(100);
  return { registry, imported, crawled, extracted, graded, published };
}
