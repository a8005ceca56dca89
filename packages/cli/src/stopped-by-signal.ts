/**
 * A command stopped by SIGINT or SIGTERM: what it finished is recorded and the rest is picked up by
 * the next run. The process exits 128 + the signal's number (130, 143), with this one line.
 */
export class StoppedBySignal extends Error {
  constructor(
    readonly command: string,
    readonly signal: "SIGINT" | "SIGTERM",
    /** What follows the stop in its one line; a command with nothing left to resume says so. */
    after = "what it had not finished is picked up by the next run",
  ) {
    super(`${command} stopped by ${signal}; ${after}`);
    this.name = "StoppedBySignal";
  }

  get exitCode(): number {
    return this.signal === "SIGINT" ? 130 : 143;
  }
}
