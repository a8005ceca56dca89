import { tmpdir } from "node:os";
import pg from "pg";
import { inject } from "vitest";
import { type Store, type StoreOptions, openStore } from "../open-store.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The test cluster's admin URL, from the PostgreSQL project's global setup. */
    touMingPostgresUrl: string;
  }
}

/** The dialect this test run's stores use: `postgres` in the store package's PostgreSQL project. */
export function testDialect(): "sqlite" | "postgres" {
  return process.env.TOUMING_TEST_DIALECT === "postgres" ? "postgres" : "sqlite";
}

/**
 * The admin URL of the test cluster: `TOUMING_TEST_DATABASE_URL` (set by `.ci/run`, which starts one
 * cluster for every package), else the one the PostgreSQL project's global setup started.
 */
export function testClusterUrl(): string {
  const url = process.env.TOUMING_TEST_DATABASE_URL || inject("touMingPostgresUrl");
  if (!url) throw new Error("no test PostgreSQL: set TOUMING_TEST_DATABASE_URL or run the postgres project");
  return url;
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function admin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => {});
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

let template: Promise<string> | null = null;
let counter = 0;

/** A migrated database made once per test process, copied for each test (faster than migrating each). */
function migratedTemplate(clusterUrl: string): Promise<string> {
  template ??= (async () => {
    const name = `touming_template_${process.pid}_${Date.now().toString(36)}`;
    await admin(clusterUrl, (c) =>
      c.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`),
    );
    const store = await openStore({
      dataDir: tmpdir(),
      databaseUrl: withDatabase(clusterUrl, name),
      maxConnections: 1,
    }).catch((error: unknown) => {
      template = null;
      throw error;
    });
    await store.close();
    return name;
  })();
  return template;
}

/**
 * A fresh, migrated PostgreSQL database for one test: its URL, and `drop`, which removes it (ending
 * any session still on it).
 */
export async function createTestDatabase(
  options: { migrated?: boolean } = {},
): Promise<{ url: string; drop(): Promise<void> }> {
  const clusterUrl = testClusterUrl();
  const source = options.migrated === false ? "template0" : await migratedTemplate(clusterUrl);
  const name = `touming_test_${process.pid}_${++counter}_${Math.random().toString(36).slice(2, 8)}`;
  await admin(clusterUrl, (c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${source}`));
  return {
    url: withDatabase(clusterUrl, name),
    drop: () =>
      admin(clusterUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  };
}

/**
 * The same database opened again, as another process (another machine's worker) opens it: a second
 * store on the SQLite file, or a second pool on the PostgreSQL database (the store keeps only a
 * redacted URL: the test cluster's has the rest). The caller closes it.
 */
export function openStoreAgain(
  store: Store,
  options: Pick<StoreOptions, "migrate" | "maxConnections"> = {},
): Promise<Store> {
  if (store.dbFile !== null) return openStore({ dataDir: store.dataDir, dbFile: store.dbFile, ...options });
  return openStore({
    dataDir: store.dataDir,
    databaseUrl: withDatabase(testClusterUrl(), databaseNameOf(store)),
    ...options,
  });
}

/** The name of a PostgreSQL store's database. */
export function databaseNameOf(store: Store): string {
  return new URL(store.location).pathname.slice(1);
}
