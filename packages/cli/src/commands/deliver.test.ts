import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { type SinkReply, type SmtpSink, startSmtpSink } from "@touming/deliver";
import { QINGHE, gradeAndPublish } from "@touming/deliver/testing";
import { openStore, upsertAgencies } from "@touming/store";
import { runCli, startCli, useTempDirs } from "@touming/testing";
import { afterEach, describe, expect, it } from "vitest";

const tempDir = useTempDirs();
const sinks: SmtpSink[] = [];
afterEach(async () => {
  for (const sink of sinks.splice(0)) await sink.close();
});

const RECIPIENTS = ["gkb@qinghe.example.gov.cn", "zwgk@qinghe.example.gov.cn", "xxgk@hebei.example.gov.cn"];
const YEARS = [2021, 2022, 2023, 2024];

/** A data directory whose store holds 清河县 graded and published for `years`, sending to `recipients`. */
async function publishedStore(years: readonly number[], recipients = RECIPIENTS) {
  const dataDir = tempDir();
  const out = path.join(dataDir, "out");
  const store = await openStore({ dataDir });
  try {
    await upsertAgencies(
      store.db,
      QINGHE.map((a) => (a.id === "qinghe" ? { ...a, recipients } : a)),
    );
    for (const year of years)
      await gradeAndPublish(store.db, out, year, {
        qinghe: { letter: "A", score: 90 },
        "qinghe-jyj": { letter: "C", score: 70, lost: { data: [10, 25, "表四缺少复议结果数据"] } },
      });
  } finally {
    await store.close();
  }
  return { dataDir, out, args: ["--data-dir", dataDir, "deliver", "--out", out, "--date", "2026-06-01"] };
}

async function sink(reply?: (n: number) => SinkReply) {
  const s = await startSmtpSink(reply ? { reply } : {});
  sinks.push(s);
  return s;
}

async function outboxRows(dataDir: string) {
  const store = await openStore({ dataDir });
  try {
    return await store.db.selectFrom("outbox").selectAll().orderBy("id").execute();
  } finally {
    await store.close();
  }
}

describe("touming deliver", () => {
  it("kill -9 in the middle of a batch, then a second run: every message arrives exactly once", async () => {
    const { dataDir, args } = await publishedStore(YEARS);
    // The fifth message's DATA is taken in and never answered: the sender is killed waiting for its 250.
    let holding = true;
    const smtp = await sink((n) => (holding && n === 4 ? "hold" : "accept"));
    const env = { TOUMING_SMTP_URL: smtp.url };
    const killed = startCli(args, { env });
    await smtp.transactionsReached(5);
    killed.child.kill("SIGKILL");
    expect((await killed.exited).signal).toBe("SIGKILL");
    const afterKill = await outboxRows(dataDir);
    expect(afterKill).toHaveLength(12);
    expect(afterKill.map((r) => r.state)).toEqual([
      ...Array(4).fill("sent"),
      "sending",
      ...Array(7).fill("queued"),
    ]);
    expect(smtp.accepted).toHaveLength(4);

    holding = false;
    const resumed = await runCli(args, { env });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain("sent 8, failed 0");
    expect(resumed.stdout).toContain("1 interrupted sends retried");
    const ids = smtp.accepted.map((m) => m.messageId);
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
    const rows = await outboxRows(dataDir);
    expect(rows.every((r) => r.state === "sent")).toBe(true);
    expect(new Set(ids)).toEqual(new Set(rows.map((r) => r.message_id)));
    // The message being sent when killed went again under the Message-ID it had.
    expect(ids[4]).toBe(afterKill[4]!.message_id);
    expect(rows[4]).toMatchObject({ interruptions: 1, attempts: 2 });

    const again = await runCli(args, { env });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain("queued 0 (0 更正), sent 0");
    expect(smtp.accepted).toHaveLength(12);
  }, 120_000);

  it("records a 550 with the reply, exits 1 naming it, and `status` shows it", async () => {
    const { dataDir, args } = await publishedStore([2024], ["nobody@qinghe.example.gov.cn"]);
    const smtp = await sink(() => ({
      code: 550,
      message: "5.1.1 <nobody@qinghe.example.gov.cn>: no such user",
    }));
    const result = await runCli(args, { env: { TOUMING_SMTP_URL: smtp.url } });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n").at(-1)).toBe(
      "touming: 1 message(s) failed, the first to nobody@qinghe.example.gov.cn: 550 5.1.1 <nobody@qinghe.example.gov.cn>: no such user (touming status lists them)",
    );
    const status = await runCli(["--data-dir", dataDir, "status"]);
    expect(status.stdout).toContain("messages   failed 1 (touming deliver)");
    expect(status.stdout).toMatch(
      /#1 \S+ nobody@qinghe\.example\.gov\.cn {2}【透明】清河县 2024年度政府信息公开工作年度报告评估结果 {2}after 1 attempt\(s\): 550 5\.1\.1/,
    );
    // Not sent again on its own while the results stay the same…
    const same = await runCli(args, { env: { TOUMING_SMTP_URL: smtp.url } });
    expect(same.stdout).toContain("queued 0 (0 更正), sent 0, failed 0");
    // …but once the mailbox exists, --retry-failed sends it, under the Message-ID it had.
    const fixed = await sink();
    const retried = await runCli([...args, "--retry-failed"], { env: { TOUMING_SMTP_URL: fixed.url } });
    expect(retried.code, retried.stderr).toBe(0);
    expect(retried.stdout).toContain("sent 1, failed 0");
    expect(fixed.accepted).toHaveLength(1);
    const store = await openStore({ dataDir });
    try {
      const row = await store.db.selectFrom("outbox").selectAll().executeTakeFirstOrThrow();
      expect([row.state, row.message_id]).toEqual(["sent", fixed.accepted[0]!.messageId]);
    } finally {
      await store.close();
    }
  }, 60_000);

  it("refuses to run without a server (unless --dry-run, which writes .eml files) and never prints the URL's password", async () => {
    const { dataDir, out, args } = await publishedStore([2024]);
    const none = await runCli(args);
    expect(none.code).toBe(1);
    expect(none.stderr).toBe(
      "touming: TOUMING_SMTP_URL: expected an smtp:// or smtps:// URL such as smtp://user:pass@mail.example.gov.cn:587 to send through (or --dry-run to write .eml files instead)\n",
    );
    const bad = await runCli(args, { env: { TOUMING_SMTP_URL: "http://gk:s3cret@mail.example.gov.cn" } });
    expect(bad.code).toBe(1);
    expect(bad.stderr).not.toContain("s3cret");
    expect(bad.stderr).toMatch(/^touming: TOUMING_SMTP_URL: expected .*, got something else \(not shown/);

    const dry = await runCli([...args, "--dry-run"]);
    expect(dry.code, dry.stderr).toBe(0);
    // In the data directory, not in the out/ a server publishes: the messages name their recipients.
    expect(dry.stdout).toContain(`messages written to ${path.join(dataDir, "mail-dry-run")}`);
    expect(readdirSync(path.join(dataDir, "mail-dry-run"))).toHaveLength(3);
    expect(existsSync(path.join(out, "mail-dry-run"))).toBe(false);
    expect(await outboxRows(dataDir)).toEqual([]);
    expect(existsSync(path.join(out, "mail"))).toBe(false);
  }, 60_000);
});
