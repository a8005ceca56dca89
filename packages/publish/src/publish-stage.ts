import type { Stage } from "@touming/store";
import { walkAgencies } from "./agency-walk.js";
import { sweepStaleTemp } from "./temp-files.js";
import type { OutputRun, PublishSummary } from "./output.js";
import { BUILT_IN_OUTPUTS } from "./outputs/built-in.js";
import { type PublishOptions, openPublishRun } from "./publish-run.js";

/**
 * Publishes what oversight offices receive, as a list of outputs (`options.outputs`, by default
 * `BUILT_IN_OUTPUTS`: open data, archived sources, a card per graded agency-year, a summary per
 * jurisdiction and year, the index), and then the PDFs of the pages they wrote. Agencies are read a
 * batch at a time, so memory stays flat as the registry grows. Writing the same content twice changes
 * no file; each file is recorded in `publications`. Stopped (`ctx.signal`), it returns after the
 * current batch, writing nothing more.
 */
export const publishStage: Stage<PublishOptions, PublishSummary> = {
  name: "publish",
  async run(ctx, options) {
    const { run, pdfs, flush, abandonWrites } = await openPublishRun(ctx, options);
    // The temp files of a killed run would be published with the rest.
    await sweepStaleTemp(run.outDir);
    const outputs: OutputRun[] = [];
    const abandon = async () => {
      await abandonWrites();
      for (const output of outputs) await output.abandon?.();
    };
    try {
      for (const output of options.outputs ?? BUILT_IN_OUTPUTS) outputs.push(await output.open(run));
      await walkAgencies(run, outputs, flush);
      if (ctx.signal.aborted) {
        await abandon();
        return { summary: run.summary, details: undefined };
      }
      for (const output of outputs) await output.finish?.();
      await flush();
    } catch (error) {
      await abandon();
      throw error;
    }
    try {
      await pdfs.render(run);
    } finally {
      await flush();
    }
    return { summary: run.summary, details: undefined };
  },
};
