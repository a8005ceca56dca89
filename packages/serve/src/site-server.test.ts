import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { request as rawRequest } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { brotliDecompressSync, gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RequestLog, type SiteServer, serveSite } from "./index.js";

// The server over a real directory, through real HTTP on 127.0.0.1: types, validators, compression,
// the policy on every response, paths that try to leave the directory, and archived copies.

let dir: string;
let out: string;
let server: SiteServer;
const logged: RequestLog[] = [];
const PAGE = `<!DOCTYPE html><html><head><title>首页</title></head><body>${"评估结果".repeat(200)}</body></html>`;
/** An open-data file as publish writes it: a CSV with its BOM, gzip-compressed. */
const OPEN_DATA = gzipSync("\ufeffagency_id,year\r\ncity,2024\r\n");
const HOSTILE = `<html><head><meta charset="gbk"><title>x</title><script>document.title="RAN"</script></head></html>`;

/** A request with the raw path as given (no URL normalisation, so `..` reaches the server as sent). */
function get(
  rawPath: string,
  headers: Record<string, string> = {},
  method = "GET",
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = rawRequest(
      { host: "127.0.0.1", port: server.port, path: rawPath, method, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on("error", reject);
    req.end();
  });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "touming-serve-"));
  out = path.join(dir, "out");
  for (const d of ["cards/a", "archive", "search", "feeds", "data", "empty"])
    mkdirSync(path.join(out, d), { recursive: true });
  writeFileSync(path.join(out, "index.html"), PAGE);
  writeFileSync(path.join(out, "cards/a/2024.html"), PAGE);
  writeFileSync(path.join(out, "cards/a/2024.pdf"), "%PDF-1.4 fake");
  writeFileSync(path.join(out, "search/search.js"), "console.log(1);\n".repeat(50));
  writeFileSync(path.join(out, "search/index.json"), JSON.stringify({ cards: [] }));
  writeFileSync(
    path.join(out, "feeds/all.xml"),
    `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"/>`,
  );
  writeFileSync(path.join(out, "data/grades.csv"), "\ufeffa,b\r\n");
  mkdirSync(path.join(out, "data/2024"));
  writeFileSync(path.join(out, "data/2024/values.csv.gz"), OPEN_DATA);
  writeFileSync(path.join(out, "archive/abc.html.txt"), Buffer.from(HOSTILE, "latin1"));
  writeFileSync(path.join(out, "archive/old.html"), HOSTILE);
  writeFileSync(path.join(out, "archive/def.pdf"), "%PDF-1.4 archived");
  writeFileSync(path.join(out, "index.html.touming-123.tmp"), "half");
  writeFileSync(path.join(dir, "secret.txt"), "secret");
  symlinkSync(path.join(dir, "secret.txt"), path.join(out, "leak.txt"));
  symlinkSync(dir, path.join(out, "up"));
  server = await serveSite({
    root: out,
    port: 0,
    styleHashes: ["'sha256-abc='"],
    onRequest: (e) => logged.push(e),
  });
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("serving the output directory", () => {
  it("serves each kind with its type and caching, and the policy on every response", async () => {
    const cases: [string, string, string][] = [
      ["/", "text/html; charset=utf-8", "no-cache"],
      ["/cards/a/2024.html", "text/html; charset=utf-8", "no-cache"],
      ["/cards/a/2024.pdf", "application/pdf", "public, max-age=3600"],
      ["/search/search.js", "text/javascript; charset=utf-8", "public, max-age=3600"],
      ["/search/index.json", "application/json; charset=utf-8", "no-cache"],
      ["/feeds/all.xml", "application/atom+xml; charset=utf-8", "no-cache"],
      ["/data/grades.csv", "text/csv; charset=utf-8", "no-cache"],
      ["/data/2024/values.csv.gz", "application/gzip", "no-cache"],
    ];
    for (const [p, type, cache] of cases) {
      const r = await get(p);
      expect([p, r.status, r.headers["content-type"], r.headers["cache-control"]]).toEqual([
        p,
        200,
        type,
        cache,
      ]);
    }
    const policy =
      "default-src 'none'; script-src 'self'; style-src 'self' 'sha256-abc='; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";
    for (const [p, method] of [
      ["/", "GET"],
      ["/nothing", "GET"],
      ["/", "POST"],
      ["/%E0%A4%A", "GET"],
      ["/cards", "GET"],
    ] as const) {
      const r = await get(p, {}, method);
      expect([p, r.headers["content-security-policy"]]).toEqual([p, policy]);
      expect(r.headers["x-content-type-options"]).toBe("nosniff");
      expect(r.headers["referrer-policy"]).toBe("no-referrer");
    }
    expect((await get("/", {}, "POST")).status).toBe(405);
    expect((await get("/", {}, "POST")).headers.allow).toBe("GET, HEAD");
    expect((await get("/nothing")).status).toBe(404);
    expect((await get("/%E0%A4%A")).status).toBe(400);
    expect(logged.some((e) => e.path === "/nothing" && e.status === 404 && e.method === "GET")).toBe(true);
  });

  it("answers If-None-Match with 304 and HEAD with headers alone", async () => {
    const first = await get("/cards/a/2024.html");
    const tag = first.headers.etag as string;
    expect(tag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    const again = await get("/cards/a/2024.html", { "If-None-Match": tag });
    expect([again.status, again.body.length, again.headers.etag]).toEqual([304, 0, tag]);
    expect(again.headers["content-security-policy"]).toContain("script-src 'self'");
    expect((await get("/cards/a/2024.html", { "If-None-Match": '"other"' })).status).toBe(200);
    const head = await get("/cards/a/2024.html", {}, "HEAD");
    expect([head.status, head.body.length, head.headers["content-length"]]).toEqual([
      200,
      0,
      String(Buffer.byteLength(PAGE)),
    ]);
    writeFileSync(path.join(out, "cards/a/2024.html"), PAGE + " ");
    expect((await get("/cards/a/2024.html", { "If-None-Match": tag })).status).toBe(200);
    writeFileSync(path.join(out, "cards/a/2024.html"), PAGE);
  });

  it("compresses text with Brotli or gzip as accepted, and says it varies", async () => {
    const br = await get("/", { "Accept-Encoding": "gzip, br" });
    expect([br.headers["content-encoding"], br.headers.vary]).toEqual(["br", "Accept-Encoding"]);
    expect(brotliDecompressSync(br.body).toString()).toBe(PAGE);
    expect(br.body.length).toBeLessThan(Buffer.byteLength(PAGE));
    const gz = await get("/", { "Accept-Encoding": "gzip, br;q=0" });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gz.body).toString()).toBe(PAGE);
    expect(gz.headers.etag).not.toBe(br.headers.etag);
    expect(
      (await get("/", { "If-None-Match": gz.headers.etag as string, "Accept-Encoding": "gzip" })).status,
    ).toBe(304);
    const plain = await get("/");
    expect([plain.headers["content-encoding"], plain.body.toString()]).toEqual([undefined, PAGE]);
    const pdf = await get("/cards/a/2024.pdf", { "Accept-Encoding": "br" });
    expect(pdf.headers["content-encoding"]).toBeUndefined();
  });

  it("serves compressed open data as the gzip file it is, never with a Content-Encoding", async () => {
    const data = await get("/data/2024/values.csv.gz", { "Accept-Encoding": "gzip, br" });
    expect([data.status, data.headers["content-type"], data.headers["content-encoding"]]).toEqual([
      200,
      "application/gzip",
      undefined,
    ]);
    expect([data.headers["content-length"], data.headers.vary]).toEqual([
      String(OPEN_DATA.length),
      undefined,
    ]);
    expect(data.body).toEqual(OPEN_DATA);
    expect(gunzipSync(data.body).toString()).toBe("\ufeffagency_id,year\r\ncity,2024\r\n");
    const again = await get("/data/2024/values.csv.gz", { "If-None-Match": data.headers.etag as string });
    expect(again.status).toBe(304);
  });

  it("refuses every path that leaves the directory, lists no directory and hides temporary files", async () => {
    const refused = [
      "/../secret.txt",
      "/cards/../../secret.txt",
      "/%2e%2e/secret.txt",
      "/cards/%2E%2E/%2e%2e/secret.txt",
      "/..%2fsecret.txt",
      "/..%5csecret.txt",
      "/cards/a/..%2F..%2F..%2Fsecret.txt",
      "/leak.txt",
      "/up/secret.txt",
      "/%00index.html",
      "/index.html.touming-123.tmp",
      "/empty/",
      "/cards/a/",
    ];
    for (const p of refused) {
      const r = await get(p);
      expect([p, r.status === 400 || r.status === 404]).toEqual([p, true]);
      expect(r.body.toString()).not.toContain("secret");
    }
    const redirect = await get("/cards");
    expect(redirect.status).toBe(404);
    mkdirSync(path.join(out, "jurisdictions/x"), { recursive: true });
    writeFileSync(path.join(out, "jurisdictions/x/index.html"), PAGE);
    expect([
      (await get("/jurisdictions/x")).status,
      (await get("/jurisdictions/x")).headers.location,
    ]).toEqual([301, "/jurisdictions/x/"]);
    expect((await get("/jurisdictions/x/")).body.toString()).toBe(PAGE);
  });

  it("serves archived copies inert: crawled HTML as text in its charset, anything else as a sandboxed download", async () => {
    const html = await get("/archive/abc.html.txt");
    expect(html.headers["content-type"]).toBe("text/plain; charset=gbk");
    expect(html.headers["content-security-policy"]).toMatch(/^sandbox; default-src 'none'/);
    expect(html.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    const old = await get("/archive/old.html");
    expect([old.headers["content-type"], old.headers["content-disposition"]]).toEqual([
      "text/plain; charset=utf-8",
      'attachment; filename="old.html"',
    ]);
    expect(old.headers["content-security-policy"]).toMatch(/^sandbox;/);
    const pdf = await get("/archive/def.pdf");
    expect([pdf.headers["content-type"], pdf.headers["content-disposition"]]).toEqual([
      "application/pdf",
      'attachment; filename="def.pdf"',
    ]);
    expect(pdf.headers["content-security-policy"]).toMatch(/^sandbox;/);
  });
});
