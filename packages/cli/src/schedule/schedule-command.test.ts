import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { lastRunPerStage, openStore } from "@touming/store";
import { describe, expect, it } from "vitest";
import { useCli } from "../testing/in-process-cli.js";

const { dir } = useCli();
const bin = fileURLToPath(new URL("../../bin/touming", import.meta.url));

describe("touming schedule", () => {
  it("catches up missed runs at start, logs them in runs, and exits cleanly on SIGTERM", async () => {
    const d = dir();
    const child = spawn(bin, ["--data-dir", d, "schedule", "--no-pdf", "--out", path.join(d, "out")], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const store = await openStore({ dataDir: d });
    try {
      for (let i = 0; i < 600; i++) {
        const runs = await lastRunPerStage(store.db);
        if (runs.some((r) => r.stage === "scheduled-publish" && r.status === "ok")) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(stdout).toMatch(
        /^nightly: "0 2 \* \* \*" \(Asia\/Shanghai\), next \d{4}-\d\d-\d\dT18:00:00\.000Z$/m,
      );
      const runs = await lastRunPerStage(store.db);
      expect(
        runs
          .filter((r) => ["nightly", "scheduled-publish"].includes(r.stage))
          .map((r) => [r.stage, r.status]),
      ).toEqual([
        ["nightly", "ok"],
        ["scheduled-publish", "ok"],
      ]);
    } finally {
      child.kill("SIGKILL");
      await store.close();
    }
  });
});
