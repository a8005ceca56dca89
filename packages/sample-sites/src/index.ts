export { startSampleSites } from "./sites-server.js";
export type { SampleSites, SiteStats, StartOptions } from "./sites-server.js";
export { buildWorld } from "./world.js";
export type { SampleAgency, SampleReport, LookAlike, SiteStyle, SiteFaults } from "./world.js";
export { SYNTHETIC_YEARS, startSyntheticSites, syntheticAgencies } from "./synthetic-sites.js";
export type { SyntheticAgency, SyntheticSites } from "./synthetic-sites.js";
export { FAULT_KINDS, startFaultProxy } from "./fault-injection.js";
export type {
  FaultKind,
  FaultProxy,
  FaultProxyOptions,
  FaultRule,
  InjectedFault,
} from "./fault-injection.js";
export { createRandom } from "./random.js";
export type { Random } from "./random.js";
export { HOSTILE_COLUMNS, startHostileSites } from "./hostile-site.js";
export type { HostileSites } from "./hostile-site.js";
