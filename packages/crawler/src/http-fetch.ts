import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import type { Readable } from "node:stream";
import { type Dispatcher, request } from "undici";
import { AddressRefusedError } from "./address-guard.js";
import { truncatedBodyReason } from "./body-completeness.js";
import { FetchPermanentError, FetchRetryableError } from "./errors.js";
import type { HttpClient } from "./http-client.js";

export interface HttpLimits {
  /** TCP connect budget. Default 10 000 ms. */
  connectTimeoutMs: number;
  /** Time to the response headers. Default 30 000 ms. */
  headersTimeoutMs: number;
  /**
   * Longest silence within the body. The whole response must also end within headersTimeoutMs +
   * bodyTimeoutMs, so a slow drip cannot hold a worker forever. Default 120 000 ms.
   */
  bodyTimeoutMs: number;
  /** Body size cap after decompression. */
  maxResponseBytes: number;
  /** Redirects followed per request. Default 5. */
  maxRedirects: number;
}

export const DEFAULT_LIMITS: HttpLimits = {
  connectTimeoutMs: 10_000,
  headersTimeoutMs: 30_000,
  bodyTimeoutMs: 120_000,
  maxResponseBytes: 5 * 1024 * 1024,
  maxRedirects: 5,
};

export interface FetchRequest {
  url: string;
  method?: "GET" | "POST";
  etag?: string | null;
  lastModified?: string | null;
  allowPrivate: boolean;
  /** Accept a TLS certificate that does not verify (the registry's allowInvalidCertificates). */
  allowInvalidCertificates?: boolean;
  limits: HttpLimits;
  userAgent: string;
  signal?: AbortSignal;
  /**
   * The whole response must end within this (the agency's time left in its crawl budget), when
   * sooner than the limits' headersTimeoutMs + bodyTimeoutMs.
   */
  maxDurationMs?: number;
}

export interface FetchedResource {
  requestedUrl: string;
  finalUrl: string;
  status: number;
  notModified: boolean;
  contentType: string | null;
  etag: string | null;
  lastModified: string | null;
  retryAfterMs: number | null;
  body: Buffer;
  redirects: string[];
  durationMs: number;
}

function parseRetryAfter(value: string | undefined, now: number): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

const header = (headers: Record<string, string | string[] | undefined>, name: string): string | undefined => {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** Drops a body we will not read; undici reports the abort as an error we do not care about. */
function discard(body: Readable): void {
  body.on("error", () => {});
  body.destroy();
}

/** Where a fetch stood when it failed: the error message says how far it got. */
interface Progress {
  url: string;
  /** Body bytes received as sent (before decompression); null until the response headers arrived. */
  received: number | null;
  /** The Content-Length the server declared. */
  expected: number | null;
  chunked: boolean;
}

/** Reads a body stream to a buffer, decompressing, and aborting past the size cap. */
async function readBody(
  stream: Readable,
  encoding: string | undefined,
  maxBytes: number,
  progress: Progress,
): Promise<Buffer> {
  const enc = (encoding ?? "").toLowerCase().trim();
  let source: Readable = stream;
  if (enc === "gzip" || enc === "x-gzip") source = stream.pipe(createGunzip());
  else if (enc === "deflate") source = stream.pipe(createInflate());
  else if (enc === "br") source = stream.pipe(createBrotliDecompress());
  progress.received = 0;
  if (source !== stream) {
    stream.on("data", (chunk: Buffer) => (progress.received! += chunk.length));
    // pipe() does not pass errors on: without this, a connection lost mid-body leaves the decoder
    // waiting for the rest forever.
    stream.on("error", (error) => source.destroy(error));
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of source) {
      if (source === stream) progress.received += (chunk as Buffer).length;
      size += (chunk as Buffer).length;
      if (size > maxBytes) {
        throw new FetchPermanentError(
          `${progress.url}: body larger than ${maxBytes} bytes${enc ? " after decompression" : ""}`,
        );
      }
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    discard(stream);
    if (source !== stream) discard(source);
    if (error instanceof FetchPermanentError) throw error;
    const code = (error as { code?: unknown }).code;
    if (code === "Z_BUF_ERROR") {
      throw new FetchRetryableError(
        `${progress.url}: truncated body: the ${enc} stream ends early after ${progress.received} bytes`,
        null,
        { cause: error },
      );
    }
    if (typeof code === "string" && code.startsWith("Z_")) {
      throw new FetchPermanentError(`${progress.url}: corrupt ${enc} body: ${(error as Error).message}`, {
        cause: error,
      });
    }
    throw error;
  }
  return Buffer.concat(chunks);
}

/** Certificate failures: retrying cannot help, only the registry can (allowInvalidCertificates). */
const CERTIFICATE_ERROR =
  /^(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID|CERT_UNTRUSTED|CERT_SIGNATURE_FAILURE|ERR_TLS_CERT_ALTNAME_INVALID)$/;

function classifyNetworkError(
  error: unknown,
  at: Progress,
  limits: HttpLimits,
  signals: { deadline: AbortSignal; deadlineMs: number; caller: AbortSignal | undefined },
): Error {
  if (error instanceof FetchPermanentError || error instanceof FetchRetryableError) return error;
  if (error instanceof AddressRefusedError) return new FetchPermanentError(error.message, { cause: error });
  const e = error as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  if (e.cause instanceof AddressRefusedError)
    return new FetchPermanentError(e.cause.message, { cause: error });
  const code = (typeof e.code === "string" ? e.code : undefined) ?? e.cause?.code ?? e.name;
  if (CERTIFICATE_ERROR.test(code ?? "")) {
    return new FetchPermanentError(
      `${at.url}: TLS certificate not accepted (${code}); allowInvalidCertificates in the agency's registry entry accepts it`,
      { cause: error },
    );
  }
  const got =
    at.received === null
      ? ""
      : at.expected === null
        ? ` (${at.received} bytes received)`
        : ` (${at.received} of ${at.expected} bytes received)`;
  const beforeHeaders = at.received === null;
  // undici names a body cut short differently depending on whether the server announced
  // `Connection: close`: a closed socket, a length mismatch, or a parser error at EOF.
  const cutShort =
    !beforeHeaders &&
    (code === "UND_ERR_SOCKET" ||
      code === "UND_ERR_RES_CONTENT_LENGTH_MISMATCH" ||
      (code === "HTTPParserError" && /Invalid EOF state/i.test(e.message)));
  let what: string;
  if (signals.caller?.aborted) what = "aborted by the caller";
  else if (signals.deadline.aborted)
    what = `timeout: response not complete within ${signals.deadlineMs} ms${got}`;
  else if (code === "UND_ERR_CONNECT_TIMEOUT") what = "timeout: could not connect in time";
  else if (code === "UND_ERR_HEADERS_TIMEOUT")
    what = `timeout: no response headers within ${limits.headersTimeoutMs} ms`;
  else if (code === "UND_ERR_BODY_TIMEOUT")
    what = `timeout: body stalled, nothing received for ${limits.bodyTimeoutMs} ms${got}`;
  else if (code === "ECONNRESET")
    what = beforeHeaders ? "connection reset before the response headers" : `connection reset mid-body${got}`;
  else if (code === "UND_ERR_SOCKET" && beforeHeaders) what = "connection closed before the response headers";
  else if (cutShort && at.expected !== null)
    what = `truncated body: expected ${at.expected} bytes, got ${at.received}`;
  else if (cutShort && at.chunked)
    what = `truncated body: the chunked transfer stopped after ${at.received} bytes, without its last chunk`;
  else if (cutShort) what = `connection closed mid-body${got}`;
  else if (code === "ECONNREFUSED") what = "connection refused";
  else if (code === "ENOTFOUND" || code === "EAI_AGAIN") what = "host not found";
  else what = `${code ?? "network error"}: ${e.message}`;
  return new FetchRetryableError(`${at.url}: ${what}`, null, { cause: error });
}

/**
 * One HTTP fetch with manual redirects (each hop re-checked by the guarded connector, at most
 * `maxRedirects`, loops refused), conditional GET, size caps and timeouts. Any HTTP status is returned.
 * Network failures and bodies that end early throw FetchRetryableError, caps and loops
 * FetchPermanentError; the message names what happened ("timeout: …", "connection reset …",
 * "truncated body: expected 5120 bytes, got 2560").
 */
export async function fetchResource(client: HttpClient, req: FetchRequest): Promise<FetchedResource> {
  const started = Date.now();
  const redirects: string[] = [];
  const seen = new Set<string>();
  let url = req.url;
  let method = req.method ?? "GET";
  const deadlineMs = Math.max(
    1,
    Math.min(req.limits.headersTimeoutMs + req.limits.bodyTimeoutMs, req.maxDurationMs ?? Infinity),
  );
  // A timer cleared when the fetch ends, not AbortSignal.timeout: a timeout signal that undici has
  // listened to stays reachable until it fires, and with it the request, its socket and its parser
  // (memory grew with every request of the last few minutes).
  const deadline = new AbortController();
  const timer = setTimeout(
    () => deadline.abort(new DOMException(`response not complete within ${deadlineMs} ms`, "TimeoutError")),
    deadlineMs,
  );
  timer.unref();
  const stop = () => deadline.abort(req.signal?.reason);
  if (req.signal?.aborted) stop();
  else req.signal?.addEventListener("abort", stop, { once: true });
  const signal = deadline.signal;
  const signals = { deadline: deadline.signal, deadlineMs, caller: req.signal };
  try {
    for (;;) {
      const parsed = new URL(url);
      if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
        throw new FetchPermanentError(`${url}: only http and https are fetched`);
      }
      seen.add(url);
      const headers: Record<string, string> = {
        "user-agent": req.userAgent,
        accept: "text/html,application/xhtml+xml,application/pdf,application/json,*/*;q=0.8",
        "accept-encoding": "gzip, deflate, br",
        "accept-language": "zh-CN,zh;q=0.9",
      };
      if (redirects.length === 0 && req.etag) headers["if-none-match"] = req.etag;
      if (redirects.length === 0 && req.lastModified) headers["if-modified-since"] = req.lastModified;
      const progress: Progress = { url, received: null, expected: null, chunked: false };
      let res: Dispatcher.ResponseData;
      try {
        res = await request(url, {
          method,
          headers,
          dispatcher: client.dispatcher(req.allowPrivate, req.allowInvalidCertificates === true),
          headersTimeout: req.limits.headersTimeoutMs,
          bodyTimeout: req.limits.bodyTimeoutMs,
          signal,
        });
      } catch (error) {
        throw classifyNetworkError(error, progress, req.limits, signals);
      }
      const location = header(res.headers, "location");
      if (res.statusCode >= 300 && res.statusCode < 400 && res.statusCode !== 304 && location) {
        discard(res.body);
        const next = new URL(location, url).toString();
        if (seen.has(next)) throw new FetchPermanentError(`${req.url}: redirect loop at ${next}`);
        if (redirects.length >= req.limits.maxRedirects) {
          throw new FetchPermanentError(`${req.url}: more than ${req.limits.maxRedirects} redirects`);
        }
        redirects.push(next);
        url = next;
        if (res.statusCode === 303) method = "GET";
        continue;
      }
      const length = Number(header(res.headers, "content-length") ?? NaN);
      progress.expected = Number.isFinite(length) ? length : null;
      progress.chunked = /chunked/i.test(header(res.headers, "transfer-encoding") ?? "");
      if (Number.isFinite(length) && length > req.limits.maxResponseBytes) {
        discard(res.body);
        throw new FetchPermanentError(
          `${url}: Content-Length ${length} exceeds the ${req.limits.maxResponseBytes}-byte cap`,
        );
      }
      let body: Buffer;
      try {
        body =
          res.statusCode === 304
            ? Buffer.alloc(0)
            : await readBody(
                res.body,
                header(res.headers, "content-encoding"),
                req.limits.maxResponseBytes,
                progress,
              );
      } catch (error) {
        throw classifyNetworkError(error, progress, req.limits, signals);
      }
      if (Number.isFinite(length) && !header(res.headers, "content-encoding") && body.length < length) {
        throw new FetchRetryableError(`${url}: truncated body: expected ${length} bytes, got ${body.length}`);
      }
      const cut =
        res.statusCode >= 200 && res.statusCode < 300
          ? truncatedBodyReason(body, header(res.headers, "content-type") ?? null)
          : null;
      if (cut) throw new FetchRetryableError(`${url}: truncated body: ${cut}`);
      return {
        requestedUrl: req.url,
        finalUrl: url,
        status: res.statusCode,
        notModified: res.statusCode === 304,
        contentType: header(res.headers, "content-type") ?? null,
        etag: header(res.headers, "etag") ?? null,
        lastModified: header(res.headers, "last-modified") ?? null,
        retryAfterMs: parseRetryAfter(header(res.headers, "retry-after"), Date.now()),
        body,
        redirects,
        durationMs: Date.now() - started,
      };
    }
  } finally {
    clearTimeout(timer);
    req.signal?.removeEventListener("abort", stop);
  }
}
