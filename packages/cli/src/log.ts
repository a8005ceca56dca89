import { redactSecrets } from "@touming/crawler";
import type { CommandIO } from "./io.js";

/** Named values of an event: printed `name=value` on a terminal, as JSON fields elsewhere. */
export type LogFields = Record<string, unknown>;

/**
 * Structured events and progress for long runs. On a terminal: one redrawn progress line
 * (`extract 120/400 (35.2/s)`, `crawl 12/? (3/s)` while the total is unknown) and readable
 * messages; elsewhere: one JSON object per line. It is the `StageLog` stages write to.
 */
export interface Logger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  progress(done: number, total: number | null): void;
  /** Ends a progress line so the next output starts on a fresh line. */
  done(): void;
}

export function createLogger(io: CommandIO, stage: string): Logger {
  const startedAt = io.now().getTime();
  let progressShown = false;
  let lastJsonProgress = 0;

  const clearProgress = () => {
    if (progressShown) io.stderr.write("\r\x1b[2K");
    progressShown = false;
  };
  // Every line is redacted: a logged URL or error may carry a token in its query string.
  const emit = (level: "info" | "warn" | "error", event: string, fields: LogFields = {}) => {
    if (io.isTTY) {
      clearProgress();
      const details = Object.entries(fields)
        .filter(([, v]) => v !== undefined && v !== null)
        .map(([k, v]) => `${k}=${v}`)
        .join(" ");
      io.stderr.write(
        redactSecrets(
          `${level === "info" ? "" : `${level}: `}${stage}: ${event}${details ? ` ${details}` : ""}\n`,
        ),
      );
    } else {
      io.stderr.write(
        redactSecrets(JSON.stringify({ time: io.now().toISOString(), level, stage, event, ...fields })) +
          "\n",
      );
    }
  };

  return {
    info: (event, fields) => emit("info", event, fields),
    warn: (event, fields) => emit("warn", event, fields),
    error: (event, fields) => emit("error", event, fields),
    progress(done, total) {
      const seconds = Math.max((io.now().getTime() - startedAt) / 1000, 0.001);
      const rate = Math.round((done / seconds) * 10) / 10;
      if (io.isTTY) {
        io.stderr.write(`\r\x1b[2K${stage} ${done}/${total ?? "?"} (${rate}/s)`);
        progressShown = true;
      } else if (done === total || io.now().getTime() - lastJsonProgress >= 5000) {
        // A JSON line per item would drown the log; one every 5 s and one at the end.
        lastJsonProgress = io.now().getTime();
        emit("info", "progress", { done, total, ratePerSecond: rate });
      }
    },
    done: clearProgress,
  };
}
