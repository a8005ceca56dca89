import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FetchPermanentError, FetchRetryableError } from "./errors.js";
import { HttpClient } from "./http-client.js";
import { DEFAULT_LIMITS, fetchResource } from "./http-fetch.js";

let server: Server;
let base: string;
/** Connections the server has accepted. */
let connections = 0;
const client = new HttpClient({ connectTimeoutMs: 2000 });
/** Aborted by the server once it has sent part of /stop-mid-body: a crawl stopped mid-request. */
let stopClient = new AbortController();
// Numbers compress only so far: a gzip body of a few KB that can be cut in half.
const numbers = Buffer.from(Array.from({ length: 3000 }, (_, i) => String(i * 7919)).join(","));

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? "/";
    if (path === "/ok") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", etag: '"v1"' });
      if (req.headers["if-none-match"] === '"v1"') return void res.writeHead(304).end();
      return void res.end("<p>报告</p>");
    }
    if (path === "/etag") {
      if (req.headers["if-none-match"] === '"v1"') return void res.writeHead(304, { etag: '"v1"' }).end();
      return void res.writeHead(200, { etag: '"v1"' }).end("body");
    }
    if (path.startsWith("/hop/")) {
      const n = Number(path.slice(5));
      return void res.writeHead(302, { location: n > 0 ? `/hop/${n - 1}` : "/ok" }).end();
    }
    if (path === "/loop") return void res.writeHead(301, { location: "/loop2" }).end();
    if (path === "/loop2") return void res.writeHead(301, { location: "/loop" }).end();
    if (path === "/big")
      return void res.writeHead(200, { "content-length": String(10_000) }).end("x".repeat(10_000));
    if (path === "/chunked-big") {
      res.writeHead(200);
      for (let i = 0; i < 20; i++) res.write("y".repeat(1000));
      return void res.end();
    }
    if (path === "/bomb") {
      // 2 MB of zeros compress to a few KB: the cap applies after decompression.
      return void res.writeHead(200, { "content-encoding": "gzip" }).end(gzipSync(Buffer.alloc(2_000_000)));
    }
    if (path === "/gzip")
      return void res.writeHead(200, { "content-encoding": "gzip" }).end(gzipSync(Buffer.from("压缩的正文")));
    if (path === "/truncated") {
      res.writeHead(200, { "content-length": "1000" });
      res.write("only part");
      return void setTimeout(() => res.socket?.destroy(), 20);
    }
    if (path === "/gzip-cut") {
      const gzipped = gzipSync(numbers);
      res.writeHead(200, { "content-encoding": "gzip", "content-length": String(gzipped.length) });
      return void res.write(gzipped.subarray(0, gzipped.length >> 1), () => res.socket?.destroy());
    }
    if (path === "/gzip-short-length" || path === "/html-short-length") {
      // node:http will not send a Content-Length that undercounts the body; the raw socket will.
      const gzip = path === "/gzip-short-length";
      const body = gzip ? gzipSync(numbers) : Buffer.from("<html><body><p>年度报告</p></body></html>");
      const head = `HTTP/1.1 200 OK\r\ncontent-type: text/html\r\n${gzip ? "content-encoding: gzip\r\n" : ""}content-length: ${body.length >> 1}\r\nconnection: close\r\n\r\n`;
      return void req.socket.end(Buffer.concat([Buffer.from(head), body]));
    }
    if (path === "/stop-mid-body") {
      res.writeHead(200, { "content-length": "1000" });
      return void res.write("part", () => stopClient.abort());
    }
    if (path === "/drip") {
      res.writeHead(200);
      const t = setInterval(() => res.write("."), 50);
      return void res.on("close", () => clearInterval(t));
    }
    if (path === "/retry-after") return void res.writeHead(503, { "retry-after": "7" }).end();
    res.writeHead(404).end("no");
  });
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

const get = (
  path: string,
  limits: Partial<typeof DEFAULT_LIMITS> = {},
  extra: { etag?: string; allowPrivate?: boolean } = {},
) =>
  fetchResource(client, {
    url: `${base}${path}`,
    allowPrivate: extra.allowPrivate ?? true,
    limits: { ...DEFAULT_LIMITS, ...limits },
    userAgent: "Touming-test",
    ...(extra.etag ? { etag: extra.etag } : {}),
  });

describe("fetchResource", () => {
  it("returns status, headers and body; answers 304 to a matching ETag", async () => {
    const ok = await get("/ok");
    expect([ok.status, ok.body.toString(), ok.etag, ok.contentType]).toEqual([
      200,
      "<p>报告</p>",
      '"v1"',
      "text/html; charset=utf-8",
    ]);
    const again = await get("/etag", {}, { etag: '"v1"' });
    expect([again.status, again.notModified, again.body.length]).toEqual([304, true, 0]);
  });

  it("follows up to 5 redirects and refuses a 6th and any loop", async () => {
    const five = await get("/hop/4");
    expect([five.status, five.redirects.length, five.finalUrl]).toEqual([200, 5, `${base}/ok`]);
    await expect(get("/hop/5")).rejects.toThrow(
      new FetchPermanentError(`${base}/hop/5: more than 5 redirects`),
    );
    await expect(get("/loop")).rejects.toThrow(`${base}/loop: redirect loop at ${base}/loop`);
  });

  it("caps bodies by Content-Length, while streaming, and after decompression", async () => {
    await expect(get("/big", { maxResponseBytes: 5000 })).rejects.toThrow(
      /Content-Length 10000 exceeds the 5000-byte cap/,
    );
    await expect(get("/chunked-big", { maxResponseBytes: 5000 })).rejects.toThrow(
      /body larger than 5000 bytes$/,
    );
    await expect(get("/bomb", { maxResponseBytes: 100_000 })).rejects.toThrow(
      /body larger than 100000 bytes after decompression/,
    );
    expect((await get("/gzip")).body.toString()).toBe("压缩的正文");
  });

  it("treats a truncated body and a slow drip as retryable failures", async () => {
    await expect(get("/truncated")).rejects.toBeInstanceOf(FetchRetryableError);
    await expect(get("/truncated")).rejects.toThrow(
      `${base}/truncated: truncated body: expected 1000 bytes, got 9`,
    );
    await expect(get("/drip", { headersTimeoutMs: 200, bodyTimeoutMs: 300 })).rejects.toThrow(
      /\/drip: timeout: response not complete within 500 ms \(\d+ bytes received\)$/,
    );
  });

  it("a gzip body cut by a closed connection fails at once instead of waiting for the rest forever", async () => {
    await expect(get("/gzip-cut", { headersTimeoutMs: 1000, bodyTimeoutMs: 1000 })).rejects.toThrow(
      /\/gzip-cut: truncated body: expected \d+ bytes, got \d+$/,
    );
  }, 10_000);

  it("a Content-Length that undercounts the body is a truncated body, not a corrupt one", async () => {
    const gzip = get("/gzip-short-length");
    await expect(gzip).rejects.toBeInstanceOf(FetchRetryableError);
    await expect(gzip).rejects.toThrow(
      /\/gzip-short-length: truncated body: the gzip stream ends early after \d+ bytes$/,
    );
    await expect(get("/html-short-length")).rejects.toThrow(
      `${base}/html-short-length: truncated body: HTML ends without </html> after 22 bytes`,
    );
  });

  it("a fetch stopped by its caller says so, not that the server was slow", async () => {
    stopClient = new AbortController();
    await expect(
      fetchResource(client, {
        url: `${base}/stop-mid-body`,
        allowPrivate: true,
        limits: DEFAULT_LIMITS,
        userAgent: "Touming-test",
        signal: stopClient.signal,
      }),
    ).rejects.toThrow(`${base}/stop-mid-body: aborted by the caller`);
  });

  it("keeps connections to a server that keeps them 2 s: not a new one for every request", async () => {
    const before = connections;
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await get("/ok")).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    // undici frees a connection an event loop turn after its response, so the second request may open
    // a second one; after that the two are reused. Closed after each response (a margin of 2 s before
    // the server's 2 s), it was five.
    expect(connections - before).toBeLessThanOrEqual(2);
  });

  it("reports Retry-After", async () => {
    const res = await get("/retry-after");
    expect([res.status, res.retryAfterMs]).toEqual([503, 7000]);
  });

  it("refuses loopback unless the agency allows private addresses, and non-http schemes", async () => {
    await expect(get("/ok", {}, { allowPrivate: false })).rejects.toThrow(
      /127\.0\.0\.1 is a loopback address/,
    );
    await expect(
      fetchResource(client, {
        url: "file:///etc/passwd",
        allowPrivate: true,
        limits: DEFAULT_LIMITS,
        userAgent: "t",
      }),
    ).rejects.toThrow("only http and https are fetched");
  });
});

describe("a redirect to a private address", () => {
  it("is refused at the redirect hop, and nothing is ever dialled to it", async () => {
    // A "public" host (the test answers its DNS) whose connections the test sends to a local server that redirects
    // to the metadata address. The guard must refuse the second hop before any dial.
    const { buildConnector } = await import("undici");
    const dialled: string[] = [];
    const local = buildConnector({});
    const redirecting = createServer((_req, res) =>
      res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end(),
    );
    await new Promise<void>((r) => redirecting.listen(0, "127.0.0.1", () => r()));
    const port = (redirecting.address() as AddressInfo).port;
    const publicHostClient = new HttpClient({
      connectTimeoutMs: 1000,
      lookup: async (host) => (host === "www.example.gov.cn" ? [{ address: "58.213.131.5", family: 4 }] : []),
      connect: ((opts: { hostname: string }, callback: never) => {
        dialled.push(opts.hostname);
        // Stand-in for the public internet: the checked public address is served by the local server.
        return local(
          { ...(opts as object), hostname: "127.0.0.1", port: String(port), protocol: "http:" } as never,
          callback,
        );
      }) as never,
    });
    try {
      await expect(
        fetchResource(publicHostClient, {
          url: "http://www.example.gov.cn/ndbg/",
          allowPrivate: false,
          limits: DEFAULT_LIMITS,
          userAgent: "t",
        }),
      ).rejects.toThrow(
        "refused 169.254.169.254: 169.254.169.254 is a linkLocal address (allowPrivateAddresses is off)",
      );
      expect(dialled).toEqual(["58.213.131.5"]);
    } finally {
      await publicHostClient.close();
      await new Promise((r) => redirecting.close(r));
    }
  });
});
