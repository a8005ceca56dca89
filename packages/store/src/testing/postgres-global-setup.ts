import type { TestProject } from "vitest/node";
import { startPostgresCluster } from "./postgres-cluster.js";

/**
 * Vitest global setup of a PostgreSQL test project: uses the cluster `.ci/run` started
 * (`TOUMING_TEST_DATABASE_URL`), or starts a throwaway one for this run and stops it afterwards.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const given = process.env.TOUMING_TEST_DATABASE_URL;
  if (given) {
    project.provide("touMingPostgresUrl", given);
    return undefined;
  }
  const cluster = await startPostgresCluster();
  project.provide("touMingPostgresUrl", cluster.url);
  return () => cluster.stop();
}
