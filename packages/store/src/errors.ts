/** The database could not be opened or migrated; the message names the file. */
export class StoreOpenError extends Error {
  override name = "StoreOpenError";
}

/**
 * Another process already runs this stage; wait for it or stop it. `holder.run` is the run that
 * holds it (its id and the command it logs as: `crawl`, `run`, `nightly`…), when known.
 */
export class StageLockedError extends Error {
  override name = "StageLockedError";
  constructor(
    readonly stage: string,
    readonly holder: { pid: number; host: string; acquiredAt: string; run?: { id: number; command: string } },
  ) {
    const by = holder.run ? ` in "${holder.run.command}" (run #${holder.run.id}, ` : " (";
    super(
      `${stage} is already running${by}pid ${holder.pid} on ${holder.host} since ${holder.acquiredAt}); ` +
        `wait for it to finish or stop that process`,
    );
  }
}

/** Bytes read from blob storage do not hash to their name: the file was damaged on disk. */
export class BlobCorruptError extends Error {
  override name = "BlobCorruptError";
}

/**
 * The data directory, the database or the blob store cannot be written: a read-only file system or
 * missing write permission. Nothing was written; make it writable or choose another directory.
 */
export class StoreReadOnlyError extends Error {
  override name = "StoreReadOnlyError";
  constructor(
    /** The directory or file that refused the write. */
    readonly path: string,
    /** `EROFS`, `EACCES`, `EPERM` or an `SQLITE_READONLY…` code. */
    readonly code: string,
    options?: ErrorOptions,
  ) {
    super(`${path} is read-only (${code})`, options);
  }
}
