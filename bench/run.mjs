// Runs one benchmark by name: npm run bench -- <name> [args]. Benchmarks print figures; nothing asserts time.
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const names = readdirSync(here)
  .filter((f) => f.endsWith(".mjs") && f !== "run.mjs")
  .map((f) => f.replace(/\.mjs$/, ""));
const [name, ...args] = process.argv.slice(2);
if (!name || !names.includes(name)) {
  console.error(`usage: npm run bench -- <${names.join("|")}> [args]`);
  process.exit(1);
}
process.argv = [process.argv[0], `${here}${name}.mjs`, ...args];
await import(`${here}${name}.mjs`);
