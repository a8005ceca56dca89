import { createTestDatabase, runCli, useCleanups, useTempDirs } from "@touming/testing";
import { describe, expect, it } from "vitest";

const tempDir = useTempDirs();
const defer = useCleanups();

describe("touming worker and --via-workers", () => {
  it.each([
    [["worker"], "touming worker"],
    [["run", "--via-workers", "--no-pdf"], "touming run --via-workers"],
    [["schedule", "--via-workers"], "touming schedule --via-workers"],
  ])(
    "`touming %j` without a PostgreSQL store is refused with one line saying how to give one",
    async (args, what) => {
      const run = await runCli(["--data-dir", tempDir(), ...args], { env: { TOUMING_DATABASE_URL: "" } });
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        `touming: ${what} needs the PostgreSQL store its jobs are queued in: give --database-url or set TOUMING_DATABASE_URL\n`,
      );
    },
  );

  it("refuses stages it does not know", async () => {
    const run = await runCli(["--data-dir", tempDir(), "worker", "--stages", "crawl,grade"]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(
      '--stages: expected a comma-separated list of crawl, extract, render, got "crawl,grade"',
    );
  });

  it("a bad TOUMING_DATABASE_URL is named, never quoted", async () => {
    const run = await runCli(["--data-dir", tempDir(), "status"], {
      env: { TOUMING_DATABASE_URL: "mysql://u:s3cret@h/db" },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^touming: TOUMING_DATABASE_URL: expected a postgres:\/\/ URL/);
    expect(run.stderr).not.toContain("s3cret");
  });

  it("status on PostgreSQL names the database without its password and counts the dead jobs", async () => {
    const database = await createTestDatabase({ migrated: false });
    defer(() => database.drop());
    const url = new URL(database.url);
    url.password = "pw";
    const run = await runCli(["--data-dir", tempDir(), "--database-url", url.toString(), "status"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`database   postgres://touming:***@${url.host}${url.pathname}`);
    expect(run.stdout).toContain("dead jobs  0 (failed their last attempt; touming worker)");
  });
});
