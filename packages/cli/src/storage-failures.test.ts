import {
  chmodSync,
  closeSync,
  cpSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  rmSync,
  statfsSync,
  writeSync,
} from "node:fs";
import path from "node:path";
import { type SampleSites, startSampleSites } from "@touming/sample-sites";
import {
  CLEANUP_TIMEOUT_MS,
  type CliStartOptions,
  type Exited,
  fileHashes,
  runCli,
  sha256File,
  useTempDirs,
} from "@touming/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Baseline, type Baselines, PUBLISH_DATE, buildBaselines } from "./testing/baselines.js";
import {
  type MountNamespace,
  mountNamespaceUnavailable,
  startMountNamespace,
} from "./testing/mount-namespace.js";
import {
  blobStoreState,
  canonicalDump,
  expectSameRows,
  integrityCheck,
  runningRuns,
} from "./testing/store-snapshot.js";

// Issue 8: a full disk or a read-only data directory is a clear one-line error and corrupts nothing.
// The full disk is a real one (a small tmpfs), the read-only directory a real one (permissions, or a
// read-only bind mount); both mounts live in a private mount namespace that dies with the test.
const namespaces = mountNamespaceUnavailable();
const isRoot = process.getuid?.() === 0;

// Removed after the file's afterAll below has made everything in it writable again (vitest runs
// after-hooks last registered first).
const tempDir = useTempDirs({ lifetime: "suite" });
let sites: SampleSites;
let root: string;
let baselines: Baselines;

beforeAll(async () => {
  sites = await startSampleSites();
  root = tempDir();
  // Another user (below) must reach the data directories inside.
  chmodSync(root, 0o755);
  baselines = await buildBaselines(sites, path.join(root, "baselines"));
  // Five whole CLI runs over the sample world, a scanned report read by OCR among them: minutes on
  // a loaded 2-core machine (a CI run beside other packages' tests). A bound, not a timing.
}, 300_000);

// Walks the whole temp tree: seconds on a loaded machine, past vitest's default hook timeout.
afterAll(async () => {
  await sites?.close();
  if (root) makeWritable(root);
}, CLEANUP_TIMEOUT_MS);

function makeWritable(dir: string) {
  chmodSync(dir, 0o755);
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (lstatSync(file).isDirectory()) makeWritable(file);
    else chmodSync(file, 0o644);
  }
}

/** Every file and directory under `dir` with its mode, size, mtime and content hash. */
function treeState(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const file = path.join(d, name);
      const s = lstatSync(file);
      const rel = path.relative(dir, file);
      if (s.isDirectory()) {
        out[rel + "/"] = `${s.mode.toString(8)} ${s.mtimeMs}`;
        walk(file);
      } else {
        const sha = sha256File(file);
        out[rel] = `${s.mode.toString(8)} ${s.size} ${s.mtimeMs} ${sha}`;
      }
    }
  };
  walk(dir);
  return out;
}

/** Every command that opens the store (`demo` and `schedule` start servers and timers first). */
const commands = (out: string): string[][] => [
  ["status"],
  ["migrate"],
  ["agencies", "list"],
  ["agencies", "import", baselines.registry],
  ["crawl"],
  ["extract"],
  ["grade"],
  ["publish", "--no-pdf", "--out", out, "--date", PUBLISH_DATE],
  ["run", "--no-pdf", "--out", out],
];

function expectOneLineFailure(run: Exited, reason: RegExp) {
  expect(run.code, run.stderr).toBe(1);
  const lines = run.stderr.trimEnd().split("\n");
  expect(lines.at(-1)).toMatch(reason);
  // One reason, no stack trace, no second `touming:` line.
  expect(lines.filter((l) => l.startsWith("touming:"))).toHaveLength(1);
  expect(run.stderr).not.toMatch(/^\s+at /m);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

describe("a read-only data directory (issue 8)", () => {
  it(`every command fails with one line saying the data directory is read-only, and nothing in it changes${isRoot ? " (run as uid 65534: root writes regardless of permissions)" : ""}`, async () => {
    const dir = path.join(root, "read-only");
    cpSync(baselines.graded.dir, dir, { recursive: true });
    const out = path.join(root, "read-only-out");
    mkdirSync(out, { mode: 0o777 });
    chmodSync(out, 0o777);
    const as: CliStartOptions = isRoot ? { uid: 65534, gid: 65534 } : {};
    const db = path.join(dir, "touming.db");

    // The whole directory read-only.
    const readOnlyTree = (d: string) => {
      for (const name of readdirSync(d)) {
        const file = path.join(d, name);
        if (lstatSync(file).isDirectory()) readOnlyTree(file);
        else chmodSync(file, 0o444);
      }
      chmodSync(d, 0o555);
    };
    readOnlyTree(dir);
    const before = treeState(dir);
    for (const args of commands(out)) {
      const run = await runCli(["--data-dir", dir, ...args], as);
      expectOneLineFailure(
        run,
        new RegExp(
          `^touming: the data directory ${escape(dir)} is read-only: cannot write ${escape(dir)} \\(EACCES\\); make it writable or choose another with --data-dir$`,
        ),
      );
    }
    expect(treeState(dir)).toEqual(before);

    // Only the database file read-only: SQLite would open it anyway and leave -wal and -shm beside it.
    chmodSync(dir, 0o777);
    const beforeFile = treeState(dir);
    for (const args of [["status"], ["grade"]]) {
      const run = await runCli(["--data-dir", dir, ...args], as);
      expectOneLineFailure(
        run,
        new RegExp(
          `^touming: the data directory ${escape(dir)} is read-only: cannot write ${escape(db)} \\(EACCES\\); make it writable or choose another with --data-dir$`,
        ),
      );
    }
    expect(treeState(dir)).toEqual(beforeFile);

    // A read-only --db outside the data directory.
    const elsewhere = path.join(root, "elsewhere");
    mkdirSync(elsewhere, { mode: 0o777 });
    chmodSync(elsewhere, 0o777);
    const run = await runCli(["--data-dir", elsewhere, "--db", db, "status"], as);
    expectOneLineFailure(
      run,
      new RegExp(
        `^touming: the database ${escape(db)} is read-only: cannot write ${escape(db)} \\(EACCES\\); make it writable or choose another with --db$`,
      ),
    );
    expect(treeState(dir)).toEqual(beforeFile);
    expect(readdirSync(elsewhere)).toEqual([]);

    // Writable again: the next run works on the untouched store.
    makeWritable(dir);
    const status = await runCli(["--data-dir", dir, "status", "--json"]);
    expect(status.code, status.stderr).toBe(0);
    expect(integrityCheck(db)).toBe("ok");
  }, 120_000);

  it.skipIf(namespaces !== null)(
    `on a read-only file system (EROFS) too${namespaces ? ` — skipped: ${namespaces}` : ""}`,
    async () => {
      const dir = path.join(root, "read-only-fs");
      cpSync(baselines.graded.dir, dir, { recursive: true });
      const out = path.join(root, "read-only-fs-out");
      mkdirSync(out);
      const ns = await startMountNamespace();
      try {
        ns.sh('mount --bind "$1" "$1" && mount -o remount,bind,ro "$1"', dir);
        const before = treeState(dir);
        for (const args of commands(out)) {
          const run = await runCli(["--data-dir", dir, ...args], { wrapper: ns.wrapper });
          expectOneLineFailure(
            run,
            new RegExp(
              `^touming: the data directory ${escape(dir)} is read-only: cannot write ${escape(dir)} \\(EROFS\\); make it writable or choose another with --data-dir$`,
            ),
          );
        }
        expect(treeState(dir)).toEqual(before);
        // A data directory still to be made, under a read-only one.
        const run = await runCli(["--data-dir", path.join(dir, "new"), "status"], { wrapper: ns.wrapper });
        expectOneLineFailure(
          run,
          /^touming: the data directory .* is read-only: cannot write .* \(EROFS\); /,
        );
      } finally {
        ns.close();
      }
    },
    120_000,
  );
});

describe.skipIf(namespaces !== null)(
  `a full disk (issue 8)${namespaces ? ` — skipped: ${namespaces}` : ""}`,
  () => {
    let ns: MountNamespace;
    let disk: string;
    let fillers = 0;

    beforeAll(async () => {
      ns = await startMountNamespace();
      disk = path.join(root, "disk");
      mkdirSync(disk);
      ns.sh('mount -t tmpfs -o size=48m tmpfs "$1"', disk);
    });
    afterAll(() => ns?.close());

    /** Fills the file system mounted at `mount` until `leaveBytes` remain. */
    const fill = (mount: string, leaveBytes: number) => {
      const stats = statfsSync(ns.outside(mount));
      let left = stats.bavail * stats.bsize - leaveBytes;
      const fd = openSync(ns.outside(path.join(mount, `filler-${++fillers}`)), "w");
      const chunk = Buffer.alloc(1 << 20, 0x5a);
      try {
        while (left > 0) left -= writeSync(fd, chunk, 0, Math.min(chunk.length, left));
      } finally {
        closeSync(fd);
      }
    };
    const freeSpace = (mount: string) => {
      for (const name of readdirSync(ns.outside(mount)))
        if (name.startsWith("filler-")) rmSync(ns.outside(path.join(mount, name)));
    };
    /**
     * A copy of the data directory (the database with its WAL, not the rebuildable -shm) where SQLite
     * can open it: SQLite resolves /proc/<pid>/root to our own root, where the tmpfs is not mounted.
     */
    let copies = 0;
    const inspectable = (data: string) => {
      const copy = path.join(root, `disk-copy-${++copies}`);
      cpSync(ns.outside(data), copy, {
        recursive: true,
        filter: (f) => !f.endsWith("-shm") && !path.basename(f).startsWith("filler-"),
      });
      return copy;
    };

    const full =
      /^touming: the disk is full: cannot write \/\S+ \((ENOSPC|SQLITE_FULL)\); free some space and run the command again$/;
    /** The one-line reason, a sound database, whole blobs; returns the error code named. */
    const expectFullAndSound = (run: Exited, data: string): string => {
      expectOneLineFailure(run, full);
      const copy = inspectable(data);
      expect(integrityCheck(path.join(copy, "touming.db"))).toBe("ok");
      const blobs = blobStoreState(copy);
      expect(blobs.damaged).toEqual([]);
      expect(blobs.temp).toEqual([]);
      return full.exec(run.stderr.trimEnd().split("\n").at(-1)!)![1]!;
    };
    const expectAsUninterrupted = (run: Exited, data: string, expected: Baseline) => {
      expect(run.code, run.stderr).toBe(0);
      const copy = inspectable(data);
      const db = path.join(copy, "touming.db");
      expect(integrityCheck(db)).toBe("ok");
      expect(runningRuns(db)).toEqual([]);
      expect(blobStoreState(copy)).toEqual({ blobs: expected.blobs, damaged: [], temp: [] });
      expectSameRows(canonicalDump(db), expected.dump);
      expect(fileHashes(path.join(copy, "out"))).toEqual(expected.out);
    };
    const cli = (data: string, ...args: string[]) =>
      runCli(["--data-dir", data, ...args], { wrapper: ns.wrapper });

    it("a crawl whose blobs do not fit stops (no document is marked failed for it) and resumes once there is space", async () => {
      const data = path.join(disk, "blobs-full");
      expect((await cli(data, "agencies", "import", baselines.registry)).code).toBe(0);
      // The blobs on a file system of their own that fills up while the database still has room.
      const blobs = path.join(data, "blobs");
      mkdirSync(ns.outside(blobs));
      ns.sh('mount -t tmpfs -o size=8m tmpfs "$1"', blobs);
      fill(blobs, 256 * 1024);
      expect(expectFullAndSound(await cli(data, "crawl"), data)).toBe("ENOSPC");
      freeSpace(blobs);
      expectAsUninterrupted(await cli(data, "crawl"), data, baselines.crawled);
    }, 60_000);

    it("crawl, extract and publish stop with one line saying so, corrupt nothing, and finish as uninterrupted runs once space is freed", async () => {
      const data = path.join(disk, "data");
      const out = path.join(data, "out");
      expect((await cli(data, "agencies", "import", baselines.registry)).code).toBe(0);

      // The crawl's blobs (a few MB) and rows outgrow what is left.
      fill(disk, 600 * 1024);
      expectFullAndSound(await cli(data, "crawl"), data);
      freeSpace(disk);
      expectAsUninterrupted(await cli(data, "crawl"), data, baselines.crawled);

      // Extraction writes rows only: SQLite meets the full disk.
      fill(disk, 256 * 1024);
      expect(expectFullAndSound(await cli(data, "extract"), data)).toBe("SQLITE_FULL");
      freeSpace(disk);
      expectAsUninterrupted(await cli(data, "extract"), data, baselines.extracted);

      expect((await cli(data, "grade")).code).toBe(0);

      fill(disk, 256 * 1024);
      const publish = ["publish", "--no-pdf", "--out", out, "--date", PUBLISH_DATE];
      expectFullAndSound(await cli(data, ...publish), data);
      // What was written is whole; nothing half-written is left to be published.
      for (const [file, sha] of Object.entries(fileHashes(ns.outside(out))))
        expect([file, sha]).toEqual([file, baselines.published.out[file]]);
      freeSpace(disk);
      expectAsUninterrupted(await cli(data, ...publish), data, baselines.published);
    }, 150_000);
  },
);
