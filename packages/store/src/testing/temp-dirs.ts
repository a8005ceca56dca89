import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Cleanup, type Lifetime, useCleanups } from "./cleanups.js";

/** How long a helper's temp directories (and what is in them) live. */
export interface TempOptions {
  /** Default `"test"`: removed after each test. */
  lifetime?: Lifetime;
}

/**
 * Fresh, empty temp directories, removed after each test (or after the suite). Setting the
 * environment variable `KEEP` keeps them, to look at what a failed test left.
 */
export function useTempDirs(options: TempOptions = {}): () => string {
  const defer = useCleanups(options.lifetime);
  return () => makeTempDir(defer);
}

/** Makes a temp directory and defers its removal. */
export function makeTempDir(defer: (cleanup: Cleanup) => void): string {
  const dir = mkdtempSync(path.join(tmpdir(), "touming-test-"));
  defer(() => {
    if (!process.env.KEEP) rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}
