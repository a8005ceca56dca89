// The Node flags the touming command starts Node with (packages/cli/bin/touming: its heap cap and its
// young generation), read from that script, so that a benchmark of a stage run in process measures it
// as the command runs it. A change to the script that hides them fails here, by name.
import { readFileSync } from "node:fs";

const SCRIPT = new URL("../../packages/cli/bin/touming", import.meta.url);

/** ["--max-old-space-size=512", "--max-semi-space-size=16"], or as the script now says. */
export function cliNodeFlags() {
  const script = readFileSync(SCRIPT, "utf8");
  const heap = /^heap=\$\{TOUMING_HEAP_MB:-(\d+)\}$/m.exec(script)?.[1];
  const young = /^young=(--max-semi-space-size=\d+)$/m.exec(script)?.[1];
  if (!heap || !young)
    throw new Error(
      `${SCRIPT.pathname}: expected the lines heap=\${TOUMING_HEAP_MB:-N} and young=--max-semi-space-size=N`,
    );
  return [`--max-old-space-size=${heap}`, young];
}
