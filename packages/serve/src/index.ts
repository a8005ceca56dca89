export { serveSite } from "./site-server.js";
export type { RequestLog, ServeOptions, SiteServer } from "./site-server.js";
export { ARCHIVE_POLICY, sitePolicy } from "./security-headers.js";
export { fileKind } from "./content-types.js";
