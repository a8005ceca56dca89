import { expect, it } from "vitest";
import { listenOnLoopback } from "./loopback-server.js";

it("serves on 127.0.0.1 and closes with a connection still open (a slow answer in progress)", async () => {
  const site = await listenOnLoopback((_req, res) => {
    res.writeHead(200);
    res.write("<"); // never ends
  });
  expect(site.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const answer = await fetch(site.origin).then((r) => r.status);
  expect(answer).toBe(200);
  await site.close();
  await expect(fetch(site.origin)).rejects.toThrow();
});
