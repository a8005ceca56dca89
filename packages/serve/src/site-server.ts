import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open, realpath, stat } from "node:fs/promises";
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { constants as zlib, createBrotliCompress, createGzip } from "node:zlib";
import { fileKind } from "./content-types.js";
import { chooseEncoding, etagMatches } from "./negotiation.js";
import { type Resolved, resolveRequestPath } from "./safe-path.js";
import { COMMON_HEADERS, archiveHeaders, isArchived, sitePolicy } from "./security-headers.js";

export interface ServeOptions {
  /** The published output directory (`out/`). */
  root: string;
  /** Default 127.0.0.1: nothing outside this machine reaches it unless asked. */
  host?: string;
  /** Default 8080; 0 picks a free port. */
  port?: number;
  /** `'sha256-…'` sources of the pages' own `<style>` blocks (publish's `pageStyleHashes()`). */
  styleHashes?: readonly string[];
  /** Called once per answered request (a log line). */
  onRequest?: (entry: RequestLog) => void;
}

/** What a request log line holds. */
export interface RequestLog {
  method: string;
  path: string;
  status: number;
  /** Bytes of the body sent (after compression); 0 for HEAD, 304 and errors without a body. */
  bytes: number;
  encoding: "br" | "gzip" | "identity";
  ms: number;
}

export interface SiteServer {
  /** `http://host:port/`, with the port actually bound. */
  readonly url: string;
  readonly port: number;
  /** Stops accepting requests and ends open connections. */
  close(): Promise<void>;
}

/** A file's strong validator, kept while its inode, size and time are the same. */
interface Known {
  ino: number;
  size: number;
  mtimeMs: number;
  tag: string;
}

/**
 * Serves a published output directory: each file with its type, a strong ETag from its content
 * (`If-None-Match` → 304), caching by kind, gzip or Brotli for text when asked, GET and HEAD only, no
 * listing, nothing outside the directory (see `resolveRequestPath`), the site's Content-Security-
 * Policy on every response, and archived copies of crawled sources served inert (`archiveHeaders`).
 */
export async function serveSite(options: ServeOptions): Promise<SiteServer> {
  const info = await stat(options.root).catch(() => null);
  if (!info?.isDirectory()) throw new Error(`${options.root}: not a directory (publish first)`);
  const root = await realpath(options.root);
  const policy = sitePolicy(options.styleHashes ?? []);
  const known = new Map<string, Known>();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<Omit<RequestLog, "ms">> => {
    const method = req.method ?? "GET";
    const rawPath = (req.url ?? "/").split(/[?#]/, 1)[0]!;
    const base = { method, path: rawPath, bytes: 0, encoding: "identity" as const };
    res.setHeader("Content-Security-Policy", policy);
    for (const [name, value] of Object.entries(COMMON_HEADERS)) res.setHeader(name, value);
    const fail = (status: number, extra: Record<string, string> = {}): Omit<RequestLog, "ms"> => {
      const body = `${status} ${status === 404 ? "Not Found" : status === 405 ? "Method Not Allowed" : status === 301 ? "Moved Permanently" : "Bad Request"}\n`;
      res.writeHead(status, {
        "Content-Type": "text/plain; charset=utf-8",
        "Cache-Control": "no-cache",
        ...extra,
      });
      res.end(method === "HEAD" ? undefined : body);
      return { ...base, status, bytes: method === "HEAD" ? 0 : Buffer.byteLength(body) };
    };
    if (method !== "GET" && method !== "HEAD") return fail(405, { Allow: "GET, HEAD" });
    const resolved: Resolved = await resolveRequestPath(root, rawPath);
    if (!resolved.ok)
      return resolved.status === 301 ? fail(301, { Location: resolved.location }) : fail(resolved.status);

    const relative = path.relative(root, resolved.file).split(path.sep).join("/");
    const kind = fileKind(relative);
    const archived = isArchived(relative);
    const head = archived ? await readHead(resolved.file) : Buffer.alloc(0);
    const headers: Record<string, string> = archived
      ? archiveHeaders(relative, head)
      : { "Content-Type": kind.type, "Cache-Control": kind.cacheControl };
    const compressible = !archived
      ? kind.compressible
      : headers["Content-Type"]!.startsWith("text/") && !headers["Content-Disposition"];
    const encoding = compressible ? chooseEncoding(req.headers["accept-encoding"]) : "identity";
    if (compressible) headers.Vary = "Accept-Encoding";
    const tag = await etagOf(known, resolved);
    headers.ETag = encoding === "identity" ? `"${tag}"` : `"${tag}-${encoding === "br" ? "br" : "gz"}"`;
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);

    if (etagMatches(req.headers["if-none-match"], tag)) {
      res.writeHead(304).end();
      return { ...base, status: 304 };
    }
    if (encoding !== "identity") res.setHeader("Content-Encoding", encoding);
    else res.setHeader("Content-Length", String(resolved.size));
    res.writeHead(200);
    if (method === "HEAD") {
      res.end();
      return { ...base, status: 200, encoding };
    }
    let bytes = 0;
    const counted = new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        done(null, chunk);
      },
    });
    const source = createReadStream(resolved.file);
    if (encoding === "br")
      await pipeline(
        source,
        createBrotliCompress({
          params: { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_SIZE_HINT]: resolved.size },
        }),
        counted,
        res,
      );
    else if (encoding === "gzip") await pipeline(source, createGzip({ level: 6 }), counted, res);
    else await pipeline(source, counted, res);
    return { ...base, status: 200, bytes, encoding };
  };

  const server = createServer((req, res) => {
    const started = performance.now();
    handle(req, res).then(
      (entry) => options.onRequest?.({ ...entry, ms: Math.round((performance.now() - started) * 10) / 10 }),
      () => {
        // A client that went away mid-body, or a file removed while it was read: nothing to answer.
        if (!res.headersSent)
          res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" }).end("500\n");
        else res.destroy();
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 8080, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The first 2 KB of a file (what an archived page declares its charset in). */
async function readHead(file: string): Promise<Buffer> {
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(2048);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** The file's content hash (base64url of SHA-256), read again only when the file changed. */
async function etagOf(
  known: Map<string, Known>,
  file: { file: string; ino: number; size: number; mtimeMs: number },
) {
  const k = known.get(file.file);
  if (k && k.ino === file.ino && k.size === file.size && k.mtimeMs === file.mtimeMs) return k.tag;
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file.file)) hash.update(chunk as Buffer);
  const tag = hash.digest("base64url");
  known.set(file.file, { ino: file.ino, size: file.size, mtimeMs: file.mtimeMs, tag });
  return tag;
}
