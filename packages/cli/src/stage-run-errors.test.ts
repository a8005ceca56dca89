import { describe, expect, it } from "vitest";
import type { CommandIO } from "./io.js";
import { runCommand } from "./stage-run.js";
import { useCli } from "./testing/in-process-cli.js";

const { dir } = useCli();

const io: CommandIO = {
  stdout: { write: () => true },
  stderr: { write: () => true },
  isTTY: false,
  now: () => new Date("2026-02-01T00:00:00Z"),
};

describe("runCommand when the run log cannot be written", () => {
  it("reports the stage's own error, not the failure to record it (a full disk fails both)", async () => {
    await expect(
      runCommand({ dataDir: dir() }, io, "extract", { locks: ["extract"] }, async (ctx) => {
        // The store becomes unusable under the stage, as it does when the disk fills up.
        await ctx.store.db.destroy();
        throw new Error("the stage's own reason");
      }),
    ).rejects.toThrow(/^the stage's own reason$/);
  });
});
