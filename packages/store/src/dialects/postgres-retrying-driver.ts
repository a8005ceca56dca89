import type { CompiledQuery, DatabaseConnection, Driver, QueryResult, TransactionSettings } from "kysely";

/** SQLSTATE classes and codes, and socket errors, that mean the connection (not the statement) failed. */
const LOST_CONNECTION_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now (starting up, or in recovery)
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
]);
const LOST_CONNECTION_MESSAGES =
  /Connection terminated|not queryable|Connection ended|timeout exceeded when trying to connect/i;

/** Whether an error from node-postgres means the connection was lost, so the statement may be sent again. */
export function isLostConnection(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && LOST_CONNECTION_CODES.has(code)) return true;
    if (LOST_CONNECTION_MESSAGES.test(e.message)) return true;
  }
  return false;
}

/** Waits before each new attempt: 0.1, 0.2, 0.4 … up to 3.2 s, about 25 s in all. */
const RETRY_DELAYS_MS = [100, 200, 400, 800, 1600, 3200, 3200, 3200, 3200, 3200, 3200, 3200];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Kysely's PostgreSQL driver with lost connections retried: a statement outside a transaction whose
 * connection dropped (a server restart, a failover, a network cut) is sent again on a fresh
 * connection, with back-off, for about 25 s. Inside a transaction nothing is retried: the
 * transaction's earlier statements are gone with the connection, so the error goes to the caller,
 * whose unit of work is retried whole. The store's statements are upserts and keyed inserts, so a
 * statement that was applied before its reply was lost is harmless to send again.
 */
export class RetryingDriver implements Driver {
  constructor(
    private readonly inner: Driver,
    private readonly delaysMs: readonly number[] = RETRY_DELAYS_MS,
  ) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new RetryingConnection(await this.connectWithRetry(), this);
  }

  /** A connection from the pool, retried while the server cannot be reached. */
  async connectWithRetry(): Promise<DatabaseConnection> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.inner.acquireConnection();
      } catch (error) {
        if (!isLostConnection(error) || attempt >= this.delaysMs.length) throw error;
        await sleep(this.delaysMs[attempt]!);
      }
    }
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const c = connection as RetryingConnection;
    await this.inner.beginTransaction(c.current, settings);
    c.inTransaction = true;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as RetryingConnection;
    try {
      await this.inner.commitTransaction(c.current);
    } finally {
      c.inTransaction = false;
    }
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as RetryingConnection;
    try {
      await this.inner.rollbackTransaction(c.current);
    } finally {
      c.inTransaction = false;
    }
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    await this.inner.releaseConnection((connection as RetryingConnection).current);
  }

  /** Gives back a connection that failed, for the pool to discard. */
  async discard(connection: DatabaseConnection): Promise<void> {
    await this.inner.releaseConnection(connection).catch(() => {});
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }

  get retryDelays(): readonly number[] {
    return this.delaysMs;
  }
}

class RetryingConnection implements DatabaseConnection {
  inTransaction = false;

  constructor(
    public current: DatabaseConnection,
    private readonly driver: RetryingDriver,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const delays = this.driver.retryDelays;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.current.executeQuery<R>(query);
      } catch (error) {
        if (this.inTransaction || !isLostConnection(error) || attempt >= delays.length) throw error;
        await this.driver.discard(this.current);
        await sleep(delays[attempt]!);
        this.current = await this.driver.connectWithRetry();
      }
    }
  }

  streamQuery<R>(query: CompiledQuery, chunkSize: number): AsyncIterableIterator<QueryResult<R>> {
    return this.current.streamQuery<R>(query, chunkSize);
  }
}
