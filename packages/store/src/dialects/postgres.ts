import {
  Kysely,
  PostgresAdapter,
  PostgresDriver,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type Dialect,
} from "kysely";
import pg from "pg";
import { StoreOpenError } from "../errors.js";
import type { Database } from "../schema.js";
import { RetryingDriver } from "./postgres-retrying-driver.js";
import { POSTGRES_MAX_PARAMETERS } from "./statement-rows.js";
import type { SessionLock, StoreDialect } from "./store-dialect.js";

/** The text orderings that compare bytes, as SQLite does: the only ones Touming's output is stable under. */
const BYTE_ORDER_COLLATIONS = new Set(["C", "POSIX", "C.UTF-8", "C.utf8", "ucs_basic"]);

export interface PostgresOptions {
  /** Connections in the pool. Default 8. */
  maxConnections?: number;
}

/** The URL with its password replaced by `***`, for messages and logs. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "postgres://(unparsable URL)";
  }
}

/** Whether a database URL names PostgreSQL (`postgres://` or `postgresql://`). */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/**
 * int8 (`count(*)`, `sum` of integers) as a JS number, as SQLite returns it; node-postgres would give
 * a string. A value past 2^53 would lose digits: refused instead.
 */
const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === pg.types.builtins.INT8 && format !== "binary") {
      return (text: string) => {
        const value = Number(text);
        if (!Number.isSafeInteger(value)) throw new RangeError(`integer ${text} is beyond 2^53`);
        return value;
      };
    }
    return format === "binary" ? pg.types.getTypeParser(oid, "binary") : pg.types.getTypeParser(oid, "text");
  },
} as pg.CustomTypesConfig;

/**
 * Connects to PostgreSQL and checks the database is usable: reachable, and ordering text byte by
 * byte (`LC_COLLATE` C), as SQLite does, so both stores sort names and URLs alike.
 */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<StoreDialect> {
  const location = redactedUrl(url);
  const config: pg.PoolConfig = {
    connectionString: url,
    max: options.maxConnections ?? 8,
    application_name: "touming",
    types,
  };
  const pool = new pg.Pool(config);
  // A client whose server went away emits "error": while idle the pool drops it, while checked out
  // its query fails (and is retried, see RetryingDriver). Unheard, the event would end the process.
  pool.on("error", () => {});
  pool.on("connect", (client) => client.on("error", () => {}));
  try {
    // datlocprovider (PostgreSQL 15+) is 'i' when ICU orders text, whatever datcollate says.
    const { rows } = await pool.query<{ collation: string; provider: string | null }>(
      "select datcollate as collation, to_jsonb(d) ->> 'datlocprovider' as provider " +
        "from pg_database d where datname = current_database()",
    );
    const provider = rows[0]?.provider ?? "c";
    const collation = provider === "c" ? (rows[0]?.collation ?? "") : `${rows[0]?.collation ?? ""} (ICU)`;
    if (!BYTE_ORDER_COLLATIONS.has(collation)) {
      throw new StoreOpenError(
        `${location}: the database orders text by collation "${collation}"; Touming needs byte order, as ` +
          `SQLite has: create it with CREATE DATABASE … TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`,
      );
    }
  } catch (error) {
    await pool.end().catch(() => {});
    if (error instanceof StoreOpenError) throw error;
    throw new StoreOpenError(`${location}: cannot connect to the database: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const dialect: Dialect = {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new RetryingDriver(new PostgresDriver({ pool })),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  };
  const db = new Kysely<Database>({ dialect });
  const lockSessions = new Set<pg.Client>();
  return {
    name: "postgres",
    db,
    location,
    dbFile: null,
    maxParameters: POSTGRES_MAX_PARAMETERS,
    sessionLock: (name) => advisoryLock(config, name, lockSessions),
    // Closing the store ends its sessions, lock sessions included: as the process ending would.
    close: async () => {
      await Promise.all([...lockSessions].map((client) => client.end().catch(() => {})));
      await db.destroy();
    },
  };
}

/**
 * A session-level advisory lock on a connection of its own (outside the pool, which recycles
 * connections): held until released, and released by PostgreSQL when the session ends, so a killed
 * process or a lost machine never leaves it behind.
 */
async function advisoryLock(
  config: pg.PoolConfig,
  name: string,
  sessions: Set<pg.Client>,
): Promise<SessionLock | null> {
  const client = new pg.Client(config);
  client.on("error", () => {}); // the session, and with it the lock, is gone; release() finds out
  await client.connect();
  sessions.add(client);
  client.once("end", () => sessions.delete(client));
  const key = `touming:${name}`;
  try {
    const { rows } = await client.query<{ locked: boolean }>(
      "select pg_try_advisory_lock(hashtextextended($1, 0)) as locked",
      [key],
    );
    if (!rows[0]?.locked) {
      await client.end();
      return null;
    }
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
  return {
    release: async () => {
      try {
        await client.query("select pg_advisory_unlock(hashtextextended($1, 0))", [key]);
      } finally {
        await client.end().catch(() => {});
      }
    },
  };
}
