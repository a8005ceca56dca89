import { readdir, rm } from "node:fs/promises";
import path from "node:path";
import { forgetPublications } from "@touming/store";
import type { Output } from "../output.js";
import { stylesheet } from "../render/stylesheet.js";

/**
 * The pages' stylesheet (`assets/touming-<hash>.css`), written before the pages that link it; a
 * stylesheet of an earlier version (another hash) is removed at the end of a run that was not stopped.
 */
export const stylesheetOutput: Output = {
  name: "stylesheet",
  async open(run) {
    const { path: file, css } = stylesheet();
    await run.write(file.split("/"), css, { kind: "stylesheet", recorded: run.shared.get(file) });
    return {
      async finish() {
        if (run.signal.aborted) return;
        const dir = path.join(run.outDir, "assets");
        const names = await readdir(dir).catch(() => [] as string[]);
        const old = names
          .filter((n) => /^touming-[0-9a-f]{10}\.css$/.test(n) && `assets/${n}` !== file)
          .map((n) => `assets/${n}`);
        for (const f of old) await rm(path.join(run.outDir, f), { force: true });
        if (old.length) await forgetPublications(run.store.db, old);
      },
    };
  },
};
