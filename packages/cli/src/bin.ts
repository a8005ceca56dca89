#!/usr/bin/env node
import nodeModule from "node:module";

// V8's compiled code kept on disk from run to run (os.tmpdir()/node-compile-cache, or
// NODE_COMPILE_CACHE): the command starts faster from its second run. An optimisation only: it never
// throws, and NODE_DISABLE_COMPILE_CACHE=1 turns it off. Enabled before the program is imported (and
// only where Node has it: the wrapper runs the project's own Node, but dist/bin.js may be run by another).
nodeModule.enableCompileCache?.();
const { main } = await import("./program.js");

const code = await main(process.argv.slice(2));
// Exit explicitly: a helper process left behind by a dependency (e.g. a browser) must not keep the CLI alive.
process.exit(code);
