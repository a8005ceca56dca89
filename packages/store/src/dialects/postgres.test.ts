import { sql } from "kysely";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { StoreOpenError } from "../errors.js";
import { openStore } from "../open-store.js";
import { upsertAgencies } from "../queries/agencies.js";
import {
  createTestDatabase,
  testAgency,
  testClusterUrl,
  testDialect,
  useCleanups,
  useTempDirs,
} from "../testing/index.js";
import { isLostConnection } from "./postgres-retrying-driver.js";

const tempDir = useTempDirs();
const defer = useCleanups();

async function adminQuery(text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: testClusterUrl() });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

async function freshDatabase(options: { migrated?: boolean } = {}) {
  const database = await createTestDatabase(options);
  defer(() => database.drop());
  return database.url;
}

async function openFresh(url: string) {
  const store = await openStore({ dataDir: tempDir(), databaseUrl: url });
  defer(() => store.close());
  return store;
}

/** Ends every session on the database but the caller's: what a server restart or failover does to a pool. */
async function terminateSessions(url: string): Promise<number> {
  const name = new URL(url).pathname.slice(1);
  const { rows } = await adminQuery(
    `select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = '${name}'`,
  );
  return rows[0].n as number;
}

describe.skipIf(testDialect() !== "postgres")("the PostgreSQL dialect", () => {
  it("reads counts and sums as numbers and keeps fractions exact, as SQLite does", async () => {
    const store = await openFresh(await freshDatabase());
    await upsertAgencies(store.db, [testAgency({ id: "a" }), testAgency({ id: "b" })]);
    const { n } = await store.db
      .selectFrom("agencies")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(n).toBe(2);
    const { rows } = await sql<{ v: number }>`select ${77.3}::double precision as v`.execute(store.db);
    expect(rows[0]!.v).toBe(77.3);
    const types = await sql<{ data_type: string }>`
      select data_type from information_schema.columns where table_name = 'report_values' and column_name = 'value'`.execute(
      store.db,
    );
    expect(types.rows[0]!.data_type).toBe("double precision");
  });

  it("migrates a new database once when several machines open it at the same moment", async () => {
    const url = await freshDatabase({ migrated: false });
    const stores = await Promise.all([1, 2, 3].map(() => openFresh(url)));
    const applied = stores.map((s) => s.applied.length);
    expect(applied.filter((n) => n > 0)).toHaveLength(1);
    expect(Math.max(...applied)).toBeGreaterThanOrEqual(14);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from kysely_migration`.execute(
      stores[0]!.db,
    );
    expect(rows[0]!.n).toBe(Math.max(...applied));
  });

  it("sends a statement again on a fresh connection when the server dropped the connection", async () => {
    const url = await freshDatabase();
    const store = await openFresh(url);
    await upsertAgencies(store.db, [testAgency({ id: "a" })]);
    expect(await terminateSessions(url)).toBeGreaterThan(0);
    const rows = await store.db.selectFrom("agencies").select("id").execute();
    expect(rows.map((r) => r.id)).toEqual(["a"]);
  });

  it("does not retry inside a transaction: the error reaches the caller, who redoes the unit", async () => {
    const url = await freshDatabase();
    const store = await openFresh(url);
    const outcome = await store.db
      .transaction()
      .execute(async (trx) => {
        await trx
          .insertInto("runs")
          .values({ stage: "crawl", started_at: "t", status: "running", counters: "{}", pid: 1, host: "h" })
          .execute();
        await terminateSessions(url);
        await trx.selectFrom("agencies").select("id").execute();
      })
      .catch((error: unknown) => error);
    expect(isLostConnection(outcome)).toBe(true);
    // Nothing of the lost transaction was kept, and the store works on.
    expect(await store.db.selectFrom("runs").select("id").execute()).toEqual([]);
  });

  it("refuses a database that orders text by a language's rules, saying how to create one", async () => {
    const url = new URL(await freshDatabase({ migrated: false }));
    const name = `${url.pathname.slice(1)}_icu`;
    await adminQuery(
      `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'zh-CN' LOCALE 'C'`,
    );
    defer(() => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    url.pathname = `/${name}`;
    const opening = openStore({ dataDir: tempDir(), databaseUrl: url.toString() });
    await expect(opening).rejects.toBeInstanceOf(StoreOpenError);
    await expect(opening).rejects.toThrow(/orders text by collation "C \(ICU\)".*LC_COLLATE 'C'/);
  });

  it("names the database, never the password, when it cannot connect; refuses a URL that is not PostgreSQL", async () => {
    const port = new URL(testClusterUrl()).port;
    const closed = `postgres://touming:s3cret@127.0.0.1:${Number(port) === 9 ? 10 : 9}/touming`;
    const refusal = await openStore({ dataDir: tempDir(), databaseUrl: closed }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(StoreOpenError);
    expect((refusal as Error).message).toMatch(
      /^postgres:\/\/touming:\*\*\*@127\.0\.0\.1:9\/touming: cannot connect/,
    );
    expect((refusal as Error).message).not.toContain("s3cret");
    await expect(openStore({ dataDir: tempDir(), databaseUrl: "mysql://u:pw@h/db" })).rejects.toThrow(
      /expected postgres:\/\/user:password@host:port\/database/,
    );
  });
});
