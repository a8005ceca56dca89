import { type Clock, type Store, acquireStageLock } from "@touming/store";

/**
 * The resources stage locks guard, in the order they are taken: a command takes the locks of the
 * stages it runs (`crawl` takes `crawl`; `run` and `demo` take them all), so no stage runs twice at
 * once, whichever commands run it. `deliver` keeps a second process from taking the messages a
 * live one is sending for interrupted ones.
 */
export const STAGE_LOCKS = ["crawl", "extract", "grade", "publish", "deliver"] as const;
export type StageLockName = (typeof STAGE_LOCKS)[number];

/**
 * Takes the given stage locks for a run (in `STAGE_LOCKS` order), all or none: when one is held
 * elsewhere, those already taken are released and its StageLockedError propagates. Returns the
 * release of them all.
 */
export async function acquireRunLocks(
  store: Pick<Store, "db" | "dialect">,
  locks: readonly StageLockName[],
  options: { runId: number; clock: Clock },
): Promise<() => Promise<void>> {
  const taken: (() => Promise<void>)[] = [];
  const releaseAll = async () => {
    for (const release of taken.splice(0).reverse()) await release();
  };
  try {
    for (const stage of STAGE_LOCKS.filter((s) => locks.includes(s)))
      taken.push((await acquireStageLock(store, stage, options)).release);
  } catch (error) {
    await releaseAll().catch(() => {});
    throw error;
  }
  return releaseAll;
}
