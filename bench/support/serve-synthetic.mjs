// Serves the synthetic agency sites in a process of their own, so the pipeline's memory is measured
// alone: node serve-synthetic.mjs COUNT REGISTRY_FILE; prints "ready" once the registry is written.
import { writeFileSync } from "node:fs";
import { startSyntheticSites } from "../../packages/sample-sites/dist/index.js";

const count = Number(process.argv[2]);
const sites = await startSyntheticSites({ count, hosts: 8 });
writeFileSync(process.argv[3], sites.registryYaml());
console.log(JSON.stringify({ ready: true, origins: sites.origins }));
process.on("SIGTERM", () => {
  console.log(JSON.stringify({ requests: sites.requests() }));
  void sites.close().then(() => process.exit(0));
});
