import { createTestDatabase, runCli, useCleanups, useTempDirs } from "@touming/testing";
import { openJobQueues } from "@touming/workers";
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

  it("a stage in one process is refused while jobs of its stage left by a run on workers are unsettled; status lists them", async () => {
    const database = await createTestDatabase();
    defer(() => database.drop());
    const boss = await openJobQueues(database.url);
    defer(() => boss.stop({ graceful: false, timeout: 5_000 }));
    await boss.send("touming-crawl", { agencyId: "a" });
    await boss.send("touming-crawl", { agencyId: "b" });
    const cli = (...args: string[]) =>
      runCli(["--data-dir", tempDir(), "--database-url", database.url, ...args]);

    const crawl = await cli("crawl");
    expect(crawl.code).toBe(1);
    expect(crawl.stderr).toBe(
      "touming: 2 crawl jobs queued, left by a run on workers: run with --via-workers (it cancels the queued jobs and waits for the running ones), or let the workers finish them first\n",
    );
    // The whole pipeline runs a crawl too; extraction alone has no job left.
    expect((await cli("run", "--no-pdf")).stderr).toContain(
      "touming: 2 crawl jobs queued, left by a run on workers",
    );
    expect((await cli("extract")).code).toBe(0);
    const status = await cli("status");
    expect(status.stdout).toContain("jobs       2 crawl jobs queued (touming worker)");
  });
});
