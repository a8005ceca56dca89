import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { HttpClient } from "./http-client.js";
import { DEFAULT_LIMITS, fetchResource } from "./http-fetch.js";

let server: Server;
let base: string;
let connections = 0;
const client = new HttpClient({ connectTimeoutMs: 2000 });

beforeAll(async () => {
  server = createServer(
    (_req, res) => void res.writeHead(200, { "content-type": "text/html" }).end("<p>报告</p>"),
  );
  // Node then answers `Keep-Alive: timeout=2`, as the sample sites do.
  server.keepAliveTimeout = 2000;
  server.on("connection", () => connections++);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await client.close();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

it("keeps connections to a server that keeps them 2 s: not a new one for every request", async () => {
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++) {
    const response = await fetchResource(client, {
      url: `${base}/page-${i}`,
      allowPrivate: true,
      limits: DEFAULT_LIMITS,
      userAgent: "Touming-test",
    });
    statuses.push(response.status);
  }
  expect(statuses).toEqual([200, 200, 200, 200, 200]);
  // undici frees a connection an event loop turn after its response, so the second request may open
  // a second one; after that the two are reused. Closed after each response, it was five.
  expect(connections).toBeLessThanOrEqual(2);
});
