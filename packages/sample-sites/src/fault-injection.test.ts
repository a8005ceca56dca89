import { type Server, createServer } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FaultRule, startFaultProxy } from "./fault-injection.js";

const PAGE = `<html><body>${"年度报告".repeat(10)}</body></html>`;
const ETAG = '"v1"';
let upstream: Server;
let upstreamOrigin: string;

beforeAll(async () => {
  upstream = createServer((req, res) => {
    if (req.headers["if-none-match"] === ETAG) return void res.writeHead(304, { etag: ETAG }).end();
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", etag: ETAG }).end(PAGE);
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", () => resolve()));
  upstreamOrigin = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => upstream.close(resolve));
});

/** One request on a fresh connection; everything the server sent, and whether it reset the connection. */
function rawGet(origin: string, target: string, headers = ""): Promise<{ raw: string; reset: boolean }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect(Number(new URL(origin).port), "127.0.0.1", () =>
      socket.write(`GET ${target} HTTP/1.1\r\nhost: sample\r\n${headers}\r\n`),
    );
    const raw = () => Buffer.concat(chunks).toString("utf8");
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", () => resolve({ raw: raw(), reset: true }));
    socket.on("end", () => resolve({ raw: raw(), reset: false }));
  });
}

async function withProxy(rules: FaultRule[], run: (origin: string) => Promise<void>) {
  const proxy = await startFaultProxy({ upstream: upstreamOrigin, rules });
  try {
    await run(proxy.origin);
  } finally {
    await proxy.close();
  }
  return proxy;
}

const bytes = Buffer.byteLength(PAGE);
const half = Buffer.from(PAGE).subarray(0, bytes >> 1);

describe("the fault proxy", () => {
  it("plays each rule's schedule in request order, then passes requests through unharmed", async () => {
    const proxy = await withProxy(
      [
        { path: "/a", schedule: ["http-503", "truncate"] },
        { path: /^\/b/, schedule: ["short-length"] },
      ],
      async (origin) => {
        expect((await rawGet(origin, "/a")).raw).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n/);
        const truncated = await rawGet(origin, "/a");
        expect(truncated.raw).toContain(`content-length: ${bytes}\r\n`);
        expect(truncated.raw.endsWith(`\r\n\r\n${half.toString("utf8")}`)).toBe(true);
        const whole = await rawGet(origin, "/a");
        expect(whole.raw).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
        expect(whole.raw).toContain("connection: close\r\n");
        expect(whole.raw.endsWith(`\r\n\r\n${PAGE}`)).toBe(true);
        const short = await rawGet(origin, "/b?page=2");
        expect(short.raw).toContain(`content-length: ${half.length}\r\n`);
        expect(short.raw.endsWith(PAGE)).toBe(true);
      },
    );
    expect(proxy.injected()).toEqual([
      { path: "/a", kind: "http-503", declaredBytes: null, sentBytes: null },
      { path: "/a", kind: "truncate", declaredBytes: bytes, sentBytes: half.length },
      { path: "/b?page=2", kind: "short-length", declaredBytes: half.length, sentBytes: bytes },
    ]);
    expect(proxy.remaining()).toBe(0);
    expect(proxy.log()).toEqual([
      "GET /a http-503",
      "GET /a truncate",
      "GET /a 200",
      "GET /b?page=2 short-length",
    ]);
  });

  it("spoils a full body even when the client asked conditionally, and passes the 304 through otherwise", async () => {
    await withProxy([{ path: "/a", schedule: ["chunked-cut"] }], async (origin) => {
      const cut = await rawGet(origin, "/a", `if-none-match: ${ETAG}\r\n`);
      expect(cut.raw).toContain("transfer-encoding: chunked\r\n");
      expect(cut.raw.endsWith(`\r\n\r\n${half.length.toString(16)}\r\n${half.toString("utf8")}\r\n`)).toBe(
        true,
      );
      expect((await rawGet(origin, "/a", `if-none-match: ${ETAG}\r\n`)).raw).toMatch(/^HTTP\/1\.1 304 /);
    });
  });

  it("resets connections in the headers and in the body, and loops redirects back to the page", async () => {
    await withProxy(
      [{ path: "/a", schedule: ["reset-in-headers", "reset-in-body", "redirect-loop"] }],
      async (origin) => {
        expect((await rawGet(origin, "/a")).reset).toBe(true);
        expect((await rawGet(origin, "/a")).reset).toBe(true);
        const loop = await rawGet(origin, "/a");
        expect(loop.raw).toMatch(/^HTTP\/1\.1 302 Found\r\nlocation: \/__fault-loop__\?to=%2Fa\r\n/);
        const back = await rawGet(origin, "/__fault-loop__?to=%2Fa");
        expect(back.raw).toMatch(/^HTTP\/1\.1 302 Found\r\nlocation: \/a\r\n/);
      },
    );
  });
});
