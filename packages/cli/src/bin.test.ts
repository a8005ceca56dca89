import { execFileSync, spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { SETTINGS, SettingError, readSettings } from "./settings.js";
import { useCli } from "./testing/in-process-cli.js";

const { dir } = useCli();
const bin = fileURLToPath(new URL("../bin/touming", import.meta.url));
const projectNode = fileURLToPath(new URL("../../../.tools/bin/node", import.meta.url));
/** How `--version` names the project's Node (22 or newer), which the wrapper runs when it exists. */
const PROJECT_NODE = /\(node v(2[2-9]|[3-9]\d)\./;

describe("the touming bin", () => {
  it("runs the built CLI on the project's Node whatever node is first on PATH", () => {
    const d = dir();
    // A PATH whose only node (if any) is the machine's: the wrapper must pick .tools/bin/node when it exists.
    const env = { ...process.env, PATH: "/usr/local/bin:/usr/bin:/bin" };
    const out = execFileSync(bin, ["--data-dir", d, "status", "--json"], { env, encoding: "utf8" });
    expect(JSON.parse(out)).toMatchObject({ database: path.join(d, "touming.db"), agencies: 0 });
    if (existsSync(projectNode)) {
      const version = execFileSync(bin, ["--data-dir", d, "--version"], { env, encoding: "utf8" }).trim();
      expect(version).toMatch(new RegExp(`^touming 0\\.1\\.0 ${PROJECT_NODE.source}`));
    }
  });

  it("finds its Node and its build however it is started: through a symbolic link, or by a relative path", () => {
    const d = dir();
    const node = existsSync(projectNode) ? PROJECT_NODE : /\(node v\d+\./;
    const link = path.join(d, "touming");
    symlinkSync(bin, link);
    expect(execFileSync(link, ["--version"], { encoding: "utf8" })).toMatch(node);
    const relative = execFileSync("sh", ["touming", "--version"], {
      cwd: path.dirname(bin),
      encoding: "utf8",
    });
    expect(relative).toMatch(node);
    // A copy with no build beside it says where to build, as an absolute path.
    const copy = path.join(d, "checkout", "packages", "cli", "bin");
    mkdirSync(copy, { recursive: true });
    copyFileSync(bin, path.join(copy, "touming"));
    const unbuilt = spawnSync("sh", [path.join(copy, "touming"), "--help"], { encoding: "utf8" });
    expect(unbuilt.status).toBe(1);
    expect(unbuilt.stderr).toBe(
      `touming: not built yet; run 'npm run build' (or 'npm test') in ${realpathSync(path.join(d, "checkout"))} first\n`,
    );
  });

  it("exits non-zero with a one-line reason on failure", () => {
    const d = dir();
    const result = spawnSync(bin, ["--data-dir", d, "agencies", "import", path.join(d, "missing.yaml")], {
      encoding: "utf8",
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `touming: ${path.join(d, "missing.yaml")}: cannot read the registry: no such file\n`,
    );
  });

  it("starts Node with a heap cap and a small young generation, either of which NODE_OPTIONS can override", () => {
    const d = dir();
    // A preload that writes the flags the wrapper started Node with to a file.
    const seen = path.join(d, "flags.json");
    const preload = path.join(d, "flags.cjs");
    writeFileSync(
      preload,
      `require("node:fs").writeFileSync(${JSON.stringify(seen)}, JSON.stringify(process.execArgv));`,
    );
    const flags = (options: string, env: Record<string, string> = {}) => {
      execFileSync(bin, ["--data-dir", d, "status", "--json"], {
        env: { ...process.env, ...env, NODE_OPTIONS: `--require ${preload} ${options}`.trim() },
        encoding: "utf8",
      });
      return JSON.parse(readFileSync(seen, "utf8")) as string[];
    };
    expect(flags("")).toEqual(["--max-old-space-size=512", "--max-semi-space-size=16"]);
    expect(flags("", { TOUMING_HEAP_MB: "1024" })).toEqual([
      "--max-old-space-size=1024",
      "--max-semi-space-size=16",
    ]);
    // What NODE_OPTIONS sets is not passed again (Node reads NODE_OPTIONS itself, not into execArgv).
    expect(flags("--max-old-space-size=300")).toEqual(["--max-semi-space-size=16"]);
    expect(flags("--max-semi-space-size=64")).toEqual(["--max-old-space-size=512"]);
    expect(flags("--max-semi-space-size=64 --max-old-space-size=300")).toEqual([]);
  });

  it("checks TOUMING_HEAP_MB before Node starts, as the settings describe it", () => {
    const d = dir();
    const status = (heap: string) =>
      spawnSync(bin, ["--data-dir", d, "status", "--json"], {
        env: { ...process.env, TOUMING_HEAP_MB: heap },
        encoding: "utf8",
      });
    for (const heap of ["", "128", "2048", "65536"]) {
      expect(status(heap).status, heap).toBe(0);
      expect(() => readSettings({ TOUMING_HEAP_MB: heap }).get("heapMb")).not.toThrow();
    }
    // Refused with the settings' one line (`--max-old-space-size=5` would crash Node, `=abc` stop it with a trace).
    for (const heap of ["abc", "0", "5", "127", "65537", "1000000"]) {
      const result = status(heap);
      expect(result.status, heap).toBe(1);
      expect(result.stderr).toBe(`touming: ${new SettingError(SETTINGS.heapMb, heap).message}\n`);
      expect(() => readSettings({ TOUMING_HEAP_MB: heap }).get("heapMb")).toThrow(result.stderr.slice(9, -1));
    }
  });
});
