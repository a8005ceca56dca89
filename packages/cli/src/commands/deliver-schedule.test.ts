import path from "node:path";
import { type SmtpSink, startSmtpSink } from "@touming/deliver";
import { QINGHE, gradeAndPublish } from "@touming/deliver/testing";
import { lastRunPerStage, openStore, upsertAgencies } from "@touming/store";
import { sleep, startCli, useTempDirs } from "@touming/testing";
import { afterEach, describe, expect, it } from "vitest";

const tempDir = useTempDirs();
const sinks: SmtpSink[] = [];
afterEach(async () => {
  for (const sink of sinks.splice(0)) await sink.close();
});

/** `touming schedule` on a graded store until its catch-up publish job is done; what it logged. */
async function scheduleOnce(env: NodeJS.ProcessEnv) {
  const dataDir = tempDir();
  const out = path.join(dataDir, "out");
  const store = await openStore({ dataDir });
  try {
    await upsertAgencies(store.db, QINGHE);
    await gradeAndPublish(store.db, out, 2023, {
      qinghe: { letter: "A", score: 95 },
      "qinghe-jyj": { letter: "B", score: 85 },
    });
    const started = startCli(["--data-dir", dataDir, "schedule", "--no-pdf", "--out", out], { env });
    for (let i = 0; i < 900; i++) {
      const runs = await lastRunPerStage(store.db);
      if (runs.some((r) => r.stage === "scheduled-publish" && r.status !== "running")) break;
      await sleep(100);
    }
    started.child.kill("SIGTERM");
    const exited = await started.exited;
    expect(exited.code, exited.stderr).toBe(0);
    const publish = (await lastRunPerStage(store.db)).find((r) => r.stage === "scheduled-publish")!;
    expect([publish.status, publish.error]).toEqual(["ok", null]);
    return { stderr: exited.stderr, counters: publish.counters };
  } finally {
    await store.close();
  }
}

describe("touming schedule delivers after publishing", () => {
  it("with TOUMING_SMTP_URL: the publish job e-mails what became due", async () => {
    const sink = await startSmtpSink();
    sinks.push(sink);
    const { counters } = await scheduleOnce({ TOUMING_SMTP_URL: sink.url });
    expect(counters).toMatchObject({ "deliver.sent": 1, "deliver.failed": 0 });
    expect(sink.accepted).toHaveLength(1);
    expect(sink.accepted[0]!.to).toEqual(["gkb@qinghe.example.gov.cn"]);
  }, 120_000);

  it("without it: says so in the log and sends nothing", async () => {
    const { stderr, counters } = await scheduleOnce({ TOUMING_SMTP_URL: "" });
    expect(stderr).toContain("not delivering by e-mail: TOUMING_SMTP_URL is not set");
    expect(Object.keys(counters).filter((k) => k.startsWith("deliver."))).toEqual([]);
  }, 120_000);
});
