export { parseRegistry, readRegistryFile } from "./registry.js";
export type { Registry } from "./registry.js";
export { ConfigError, formatConfigIssue } from "./errors.js";
export type { ConfigIssue } from "./errors.js";
