import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Migrator } from "kysely/migration";
import { describe, expect, it } from "vitest";
import { migrationProvider } from "../migrations/index.js";
import { openStore } from "../open-store.js";
import { testAgency, useTempDirs, useTempStore } from "../testing/index.js";
import { listAgencies, upsertAgencies } from "./agencies.js";
import {
  type NewOutboxMessage,
  dueMessages,
  failedMessages,
  markFailed,
  markRetry,
  markSending,
  markSent,
  nextRetryAt,
  outboxCounts,
  outboxHistory,
  queueMessage,
  recoverInterruptedSends,
  replaceUnsentMessage,
} from "./outbox.js";

const tempStore = useTempStore();
const tempDir = useTempDirs();

const message = (n: number, overrides: Partial<NewOutboxMessage> = {}): NewOutboxMessage => ({
  recipient: "gkb@qinghe.example.gov.cn",
  scopeKind: "jurisdiction",
  scopeId: "qinghe",
  year: 2024,
  contentHash: `${n}`.repeat(64).slice(0, 64),
  statement: { n },
  kind: "first",
  replacesId: null,
  messageId: `<m${n}@example.gov.cn>`,
  subject: `第${n}封`,
  ...overrides,
});

const at = (iso: string) => () => new Date(iso);

describe("outbox", () => {
  it("queued → sending → sent, retried, failed; the history of a recipient, scope and year in order", async () => {
    const { db } = await tempStore();
    const a = await queueMessage(db, message(1), at("2025-04-01T00:00:00Z"));
    const b = await queueMessage(db, message(2, { year: 2023 }));
    const c = await queueMessage(db, message(3, { recipient: "x@y.cn" }));
    expect((await dueMessages(db, new Date())).map((m) => m.id)).toEqual([a, b, c]);

    await markSending(db, a);
    await markSent(db, a, "250 OK", at("2025-04-01T01:00:00Z"));
    await markSending(db, b);
    await markRetry(db, b, "451 later", new Date("2025-04-01T02:00:00Z"));
    await markSending(db, c);
    await markFailed(db, c, "550 no such user", at("2025-04-01T03:00:00Z"));

    expect(await outboxCounts(db)).toEqual({ sent: 1, queued: 1, failed: 1 });
    expect((await dueMessages(db, new Date("2025-04-01T01:59:59Z"))).map((m) => m.id)).toEqual([]);
    expect((await dueMessages(db, new Date("2025-04-01T02:00:00Z"))).map((m) => m.id)).toEqual([b]);
    expect(await nextRetryAt(db)).toEqual(new Date("2025-04-01T02:00:00Z"));
    expect(await failedMessages(db)).toEqual([
      {
        id: c,
        recipient: "x@y.cn",
        subject: "第3封",
        attempts: 1,
        reply: "550 no such user",
        at: "2025-04-01T03:00:00.000Z",
      },
    ]);
    const [sent] = await outboxHistory(db, {
      recipient: "gkb@qinghe.example.gov.cn",
      scopeKind: "jurisdiction",
      scopeId: "qinghe",
      year: 2024,
    });
    expect(sent).toMatchObject({
      state: "sent",
      attempts: 1,
      smtp_reply: "250 OK",
      sent_at: "2025-04-01T01:00:00.000Z",
      statement: { n: 1 },
    });
    // A sent message is never replaced; a failed one gets new content and a new Message-ID.
    await replaceUnsentMessage(db, a, message(9));
    await replaceUnsentMessage(db, c, message(8, { recipient: "x@y.cn" }));
    expect(
      (
        await outboxHistory(db, {
          recipient: "gkb@qinghe.example.gov.cn",
          scopeKind: "jurisdiction",
          scopeId: "qinghe",
          year: 2024,
        })
      )[0]!.message_id,
    ).toBe("<m1@example.gov.cn>");
    expect(
      (await dueMessages(db, new Date("2025-04-01T00:00:00Z"))).map((m) => [m.id, m.message_id, m.attempts]),
    ).toEqual([[c, "<m8@example.gov.cn>", 0]]);
  });

  it("a message left sending is queued again once with its Message-ID, and fails when interrupted again", async () => {
    const { db } = await tempStore();
    const id = await queueMessage(db, message(1));
    await markSending(db, id);
    expect(await recoverInterruptedSends(db)).toEqual({ requeued: 1, failed: 0 });
    expect((await dueMessages(db, new Date()))[0]).toMatchObject({
      id,
      message_id: "<m1@example.gov.cn>",
      interruptions: 1,
    });
    await markSending(db, id);
    expect(await recoverInterruptedSends(db)).toEqual({ requeued: 0, failed: 1 });
    expect(await outboxCounts(db)).toEqual({ failed: 1 });
  });

  it("0009 gives the agencies a store held no recipients, and keeps the recipients the registry gives", async () => {
    const dir = tempDir();
    const old = await openStore({ dataDir: dir, migrate: false });
    expect(
      (await new Migrator({ db: old.db, provider: migrationProvider }).migrateTo("0008-monitoring-window"))
        .error,
    ).toBeUndefined();
    await old.close();
    const raw = new SqliteDatabase(path.join(dir, "touming.db"));
    raw.exec(`INSERT INTO agencies (id, name, region_code, level, list_urls, crawl_options, first_imported_at, updated_at)
      VALUES ('a', '某局', '320800', 'department', '[]', '{}', 't', 't')`);
    raw.close();
    const store = await openStore({ dataDir: dir });
    try {
      expect((await listAgencies(store.db))[0]).not.toHaveProperty("recipients");
      await upsertAgencies(store.db, [testAgency({ id: "a", recipients: ["gkb@qinghe.example.gov.cn"] })]);
      expect((await listAgencies(store.db))[0]!.recipients).toEqual(["gkb@qinghe.example.gov.cn"]);
      expect(
        await upsertAgencies(store.db, [testAgency({ id: "a", recipients: ["gkb@qinghe.example.gov.cn"] })]),
      ).toMatchObject({ unchanged: 1 });
    } finally {
      await store.close();
    }
  });
});
