export { main, createProgram } from "./program.js";
export type { CommandIO } from "./io.js";
