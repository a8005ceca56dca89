#!/usr/bin/env node
import { main } from "./program.js";

const code = await main(process.argv.slice(2));
// Exit explicitly: a helper process left behind by a dependency (e.g. a browser) must not keep the CLI alive.
process.exit(code);
