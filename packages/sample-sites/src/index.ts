export { startSampleSites } from "./sites-server.js";
export type { SampleSites, SiteStats, StartOptions } from "./sites-server.js";
export { buildWorld } from "./world.js";
export type { SampleAgency, SampleReport, LookAlike, SiteStyle, SiteFaults } from "./world.js";
