import { randomUUID } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import type { StoreDialect } from "../dialects/store-dialect.js";
import type { Database } from "../schema.js";

/**
 * Per-host politeness shared by every process on one database: at most `concurrency` requests in
 * flight on a host (`host_leases`, one row per request, counted until released or expired) and
 * `delayMs` plus the host's back-off penalty between request starts (`host_pacing.next_start_at`).
 * The crawler's `SharedHostGate` polls `takeHostSlot` until it is granted.
 *
 * Every decision on a host runs in one transaction that first writes the host's pacing row
 * (insert-if-missing) and, on PostgreSQL, locks it (`select … for update`), so the decisions of all
 * processes on a host are serialised. SQLite serialises writers anyway; the first statement being a
 * write takes the file's write lock at once (a read first could not upgrade to a write under WAL).
 * Times are epoch milliseconds the caller passes (its clock), so tests control them.
 */

/** What the queries need of a store: the handle, and which database it is. */
export interface HostLeaseStore {
  db: Kysely<Database>;
  dialect: Pick<StoreDialect, "name" | "dbFile">;
}

export interface HostSlotRequest {
  host: string;
  /** Requests the host may have in flight (across all processes). */
  concurrency: number;
  /** Minimum time between two request starts on the host. */
  delayMs: number;
  /**
   * The caller's time, epoch ms; as a function it is read once the host's row is held, so a wait for
   * another process's decision does not date the grant (and the delay it starts) in the past.
   */
  now: number | (() => number);
  /** How long the lease counts unless renewed or released (a killed holder's lease stops counting then). */
  leaseMs: number;
  /** Who takes it (host name and pid), kept for people reading the table. */
  holder: string;
}

export type HostSlot =
  | {
      granted: true;
      leaseId: string;
      /** When the host's next request may start now that this one did. */
      nextStartAt: number;
    }
  | {
      granted: false;
      /**
       * Why not: `delay` (the host's next start is `waitMs` away; it only moves later, so sleeping
       * that long is safe) or `concurrency` (every slot is leased; `waitMs` is when the first lease
       * expires at the latest, and a release may come sooner: poll).
       */
      reason: "delay" | "concurrency";
      waitMs: number;
      nextStartAt: number;
    };

/** The most a penalty spaces a host's requests (as the crawler's in-process gate). */
export const MAX_HOST_PENALTY_MS = 60_000;

/**
 * Takes a slot on the host if its concurrency and pacing allow now: a lease expiring at
 * `now + leaseMs`, and the host's next start moved to `now + delayMs + penalty`. Otherwise says how
 * long to wait. Leases expired by `now` are deleted on the way.
 */
export async function takeHostSlot(store: HostLeaseStore, request: HostSlotRequest): Promise<HostSlot> {
  const { host, concurrency, delayMs, leaseMs, holder } = request;
  return onHostRow(store, host, async (trx, pacing) => {
    const now = timeOf(request.now);
    await trx.deleteFrom("host_leases").where("host", "=", host).where("expires_at", "<=", now).execute();
    const leases = await trx
      .selectFrom("host_leases")
      .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.min("expires_at").as("soonest")])
      .where("host", "=", host)
      .executeTakeFirstOrThrow();
    const nextStartAt = Number(pacing.next_start_at);
    const inFlight = Number(leases.n);
    if (inFlight >= concurrency) {
      const expiry = Number(leases.soonest ?? now) - now;
      const waitMs = Math.max(1, expiry, nextStartAt - now);
      return { granted: false, reason: "concurrency", waitMs, nextStartAt };
    }
    if (nextStartAt > now) return { granted: false, reason: "delay", waitMs: nextStartAt - now, nextStartAt };
    const leaseId = randomUUID();
    await trx
      .insertInto("host_leases")
      .values({ host, lease_id: leaseId, holder, expires_at: now + leaseMs })
      .execute();
    const next = now + delayMs + Number(pacing.penalty_ms);
    await trx.updateTable("host_pacing").set({ next_start_at: next }).where("host", "=", host).execute();
    return { granted: true, leaseId, nextStartAt: next };
  });
}

/** Ends a lease (the request is done). False when it was not there (already released, or expired and deleted). */
export async function releaseHostSlot(
  store: HostLeaseStore,
  host: string,
  leaseId: string,
): Promise<boolean> {
  const result = await serialised(store, () =>
    store.db
      .deleteFrom("host_leases")
      .where("host", "=", host)
      .where("lease_id", "=", leaseId)
      .executeTakeFirst(),
  );
  return Number(result.numDeletedRows) === 1;
}

/** Moves a held lease's expiry to `expiresAt`. False when the lease is gone (it expired and was deleted). */
export async function renewHostSlot(
  store: HostLeaseStore,
  host: string,
  leaseId: string,
  expiresAt: number,
): Promise<boolean> {
  const result = await serialised(store, () =>
    store.db
      .updateTable("host_leases")
      .set({ expires_at: expiresAt })
      .where("host", "=", host)
      .where("lease_id", "=", leaseId)
      .executeTakeFirst(),
  );
  return Number(result.numUpdatedRows) === 1;
}

/**
 * The host errored or throttled: its penalty becomes at least `atLeastMs` (at most
 * MAX_HOST_PENALTY_MS) and its next start at least `now + penalty`. Returns the host's next start.
 */
export async function penalizeHost(
  store: HostLeaseStore,
  host: string,
  atLeastMs: number,
  at: number | (() => number),
): Promise<number> {
  return onHostRow(store, host, async (trx, pacing) => {
    const now = timeOf(at);
    const penalty = Math.round(Math.min(MAX_HOST_PENALTY_MS, Math.max(atLeastMs, Number(pacing.penalty_ms))));
    const next = Math.max(Number(pacing.next_start_at), now + penalty);
    await trx
      .updateTable("host_pacing")
      .set({ penalty_ms: penalty, next_start_at: next })
      .where("host", "=", host)
      .execute();
    return next;
  });
}

/** A request to the host succeeded: its penalty halves (under 50 ms it ends). */
export async function rewardHost(store: HostLeaseStore, host: string): Promise<void> {
  await serialised(store, () =>
    store.db
      .updateTable("host_pacing")
      .set((eb) => ({
        penalty_ms: eb
          .case()
          .when("penalty_ms", "<", 50)
          .then(0)
          .else(eb("penalty_ms", "/", 2))
          .end(),
      }))
      .where("host", "=", host)
      .where("penalty_ms", ">", 0)
      .execute(),
  );
}

export interface HostPacing {
  nextStartAt: number;
  penaltyMs: number;
  /** Leases unexpired at `now`. */
  leases: number;
}

/** A host's pacing and the leases counting at `now` (null for a host never gated). */
export async function hostPacing(
  store: HostLeaseStore,
  host: string,
  now: number,
): Promise<HostPacing | null> {
  const pacing = await store.db
    .selectFrom("host_pacing")
    .select(["next_start_at", "penalty_ms"])
    .where("host", "=", host)
    .executeTakeFirst();
  if (!pacing) return null;
  const leases = await store.db
    .selectFrom("host_leases")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("host", "=", host)
    .where("expires_at", ">", now)
    .executeTakeFirstOrThrow();
  return {
    nextStartAt: Number(pacing.next_start_at),
    penaltyMs: Number(pacing.penalty_ms),
    leases: Number(leases.n),
  };
}

type PacingRow = { next_start_at: number; penalty_ms: number };

/** A caller's time: given, or read now (once the host's row is held). */
function timeOf(at: number | (() => number)): number {
  return typeof at === "function" ? at() : at;
}

/** Runs `fn` in a transaction holding the host's pacing row (created if missing) for writing. */
function onHostRow<T>(
  store: HostLeaseStore,
  host: string,
  fn: (trx: Transaction<Database>, pacing: PacingRow) => Promise<T>,
): Promise<T> {
  return serialised(store, () =>
    store.db.transaction().execute(async (trx) => {
      await trx
        .insertInto("host_pacing")
        .values({ host, next_start_at: 0, penalty_ms: 0 })
        .onConflict((oc) => oc.column("host").doNothing())
        .execute();
      let select = trx
        .selectFrom("host_pacing")
        .select(["next_start_at", "penalty_ms"])
        .where("host", "=", host);
      if (store.dialect.name === "postgres") select = select.forUpdate();
      return fn(trx, await select.executeTakeFirstOrThrow());
    }),
  );
}

/** The tail of the writes queued per SQLite file in this process. */
const sqliteWrites = new Map<string, Promise<unknown>>();

/**
 * On SQLite, this process's writes to one file run one after the other. better-sqlite3 waits for a
 * busy file by blocking the thread: a second store on the same file in this process, writing while
 * the first holds the write lock between the awaits of its transaction, would block the very thread
 * the first needs to commit (until the busy timeout). Other processes wait on the lock as usual.
 */
function serialised<T>(store: HostLeaseStore, write: () => Promise<T>): Promise<T> {
  const file = store.dialect.name === "sqlite" ? store.dialect.dbFile : null;
  if (file === null) return write();
  const previous = sqliteWrites.get(file) ?? Promise.resolve();
  const mine = previous.then(write, write);
  const tail = mine.catch(() => undefined);
  sqliteWrites.set(file, tail);
  void tail.then(() => {
    if (sqliteWrites.get(file) === tail) sqliteWrites.delete(file);
  });
  return mine;
}
