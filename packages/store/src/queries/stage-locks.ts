import type { Kysely } from "kysely";
import type { StoreDialect } from "../dialects/store-dialect.js";
import { type Clock, stamp, systemClock } from "../clock.js";
import { StageLockedError } from "../errors.js";
import { type ProcessIdentity, currentProcess, isProcessAlive } from "../process-identity.js";
import type { Database } from "../schema.js";

export interface StageLock {
  stage: string;
  release(): Promise<void>;
}

/**
 * Takes the lock of a stage for this process, or throws StageLockedError naming the holder.
 *
 * On SQLite (one machine) the lock is a row, so it survives a crash; a holder whose process is gone
 * (pid dead, or the pid reused by a process with another start time) is stale and is taken over.
 * On PostgreSQL (several machines, where a pid on another host cannot be checked) the lock is an
 * advisory lock on a session of its own, which PostgreSQL drops with the session; the row only says
 * who holds it.
 */
export async function acquireStageLock(
  store: { db: Kysely<Database>; dialect: Pick<StoreDialect, "sessionLock"> },
  stage: string,
  options: { runId?: number | null; clock?: Clock; holder?: ProcessIdentity } = {},
): Promise<StageLock> {
  const { db } = store;
  const me = options.holder ?? currentProcess();
  const row = {
    stage,
    run_id: options.runId ?? null,
    pid: me.pid,
    host: me.host,
    process_token: me.token,
    acquired_at: stamp(options.clock ?? systemClock),
  };
  if (store.dialect.sessionLock) {
    const session = await store.dialect.sessionLock(`stage:${stage}`);
    if (!session) {
      const holder = await holderOf(db, stage);
      throw new StageLockedError(stage, holder ? described(holder) : UNKNOWN_HOLDER);
    }
    // The lock is ours, so a row left behind is a dead session's: replace it.
    const { run_id, pid, host, process_token, acquired_at } = row;
    await db
      .insertInto("stage_locks")
      .values(row)
      .onConflict((oc) => oc.column("stage").doUpdateSet({ run_id, pid, host, process_token, acquired_at }))
      .execute();
    return {
      stage,
      release: async () => {
        try {
          await deleteHolderRow(db, stage, me);
        } finally {
          await session.release();
        }
      },
    };
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    const inserted = await db
      .insertInto("stage_locks")
      .values(row)
      .onConflict((oc) => oc.column("stage").doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1) {
      return {
        stage,
        release: () => deleteHolderRow(db, stage, me),
      };
    }
    const holder = await holderOf(db, stage);
    if (!holder) continue; // released between our insert and our read
    const alive = isProcessAlive({ pid: holder.pid, host: holder.host, token: holder.process_token });
    if (alive) throw new StageLockedError(stage, described(holder));
    // Stale: delete exactly that holder's row (another process may be taking over too; one wins the insert).
    await db
      .deleteFrom("stage_locks")
      .where("stage", "=", stage)
      .where("pid", "=", holder.pid)
      .where("process_token", "=", holder.process_token)
      .execute();
  }
  const holder = await holderOf(db, stage);
  throw new StageLockedError(stage, holder ? described(holder) : UNKNOWN_HOLDER);
}

const UNKNOWN_HOLDER = { pid: 0, host: "unknown", acquiredAt: "unknown" };

async function deleteHolderRow(db: Kysely<Database>, stage: string, holder: ProcessIdentity): Promise<void> {
  await db
    .deleteFrom("stage_locks")
    .where("stage", "=", stage)
    .where("pid", "=", holder.pid)
    .where("process_token", "=", holder.token)
    .execute();
}

type Holder = NonNullable<Awaited<ReturnType<typeof holderOf>>>;

/** The lock's row with the name of the run holding it (the command it logs as), if any. */
function holderOf(db: Kysely<Database>, stage: string) {
  return db
    .selectFrom("stage_locks")
    .leftJoin("runs", "runs.id", "stage_locks.run_id")
    .select([
      "stage_locks.pid",
      "stage_locks.host",
      "stage_locks.process_token",
      "stage_locks.acquired_at",
      "stage_locks.run_id",
      "runs.stage as command",
    ])
    .where("stage_locks.stage", "=", stage)
    .executeTakeFirst();
}

/** The holder as StageLockedError names it. */
function described(holder: Holder): ConstructorParameters<typeof StageLockedError>[1] {
  const { pid, host, acquired_at: acquiredAt, run_id: runId, command } = holder;
  return { pid, host, acquiredAt, ...(runId !== null && command ? { run: { id: runId, command } } : {}) };
}
