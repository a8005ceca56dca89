import type { StageProgress, Store } from "@touming/store";
import { testStageContext } from "@touming/testing";
import { type ExtractStageOptions, extractStage } from "../stage/extract-stage.js";

/** When the extract tests run: 2026-02-01. */
export const clock = () => new Date("2026-02-01T00:00:00Z");

/**
 * Runs the extract stage in a test stage context; returns its summary, log events and progress
 * reports. `onProgress` gets each report with the context's abort controller (to stop a run midway).
 */
export async function runExtract(
  store: Store,
  options: ExtractStageOptions = {},
  onProgress?: (progress: StageProgress, abort: AbortController) => void,
) {
  const { ctx, events, progress } = testStageContext(store, { clock, ...(onProgress ? { onProgress } : {}) });
  const { summary } = await extractStage.run(ctx, options);
  return { summary, events, progress };
}
