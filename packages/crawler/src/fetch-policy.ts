import type { Agency, BlobStore, FetchRecord } from "@touming/store";
import { antiBotReasonOfBody } from "./anti-bot.js";
import { type ResolvedCrawlOptions, agencyFetchPolicy } from "./crawl-options.js";
import { FetchRetryableError } from "./errors.js";
import type { HostGate } from "./host-gate.js";
import type { HttpClient } from "./http-client.js";
import { type FetchedResource, type HttpLimits, fetchResource } from "./http-fetch.js";
import { redactSecrets } from "./redact-secrets.js";
import { type RobotsRules, parseRobots } from "./robots.js";

/** What the fetch policy works with; one per crawl. */
export interface FetchEnvironment {
  blobs: BlobStore;
  /** Appends one attempt to the `fetches` log (the crawl batches these writes). */
  logFetch(record: FetchRecord): void;
  runId: number | null;
  signal: AbortSignal | undefined;
  options: ResolvedCrawlOptions;
  http: HttpClient;
  gate: HostGate;
  /** Told of every attempt's host, body size and duration (the agency's budgets count them). */
  onRequest?(agency: Agency, host: string, usage: { bytes: number; ms: number }): void;
  /** Time the agency's requests may still take (an attempt is cut at it); unbounded when absent. */
  timeLeftMs?(agency: Agency): number;
  /** Records a crawl finding (here: a certificate accepted without verifying). */
  finding(agency: Agency, url: string, kind: string, detail: string): Promise<void>;
}

/**
 * How one attempt at a URL ended: the response, why it failed for good, or when to try again (the
 * caller re-queues the URL instead of sleeping). A failure is a value so that the caller knows how
 * many attempts were made; only a store failure (disk full, read-only) is thrown.
 */
export type Fetched = { attempts: number } & (
  | { response: FetchedResource; sha256: string | null }
  | { error: Error }
  | { error: Error; retryInMs: number }
);

export interface FetchInit {
  method?: "GET" | "POST";
  /** Validators of the copy already held: the request becomes conditional (304 when unchanged). */
  etag?: string | null;
  lastModified?: string | null;
  limits: HttpLimits;
  /** Which attempt at this URL in this crawl this is (1 for the first). Default 1. */
  attempt?: number;
}

/** A request's answer, classified: a response to read (2xx, 304), or why there is none. */
export type Answer =
  | {
      ok: true;
      response: FetchedResource;
      attempts: number;
      /** The body's blob, stored as the fetch was logged (a 200 with a body), else null. */
      sha256: string | null;
    }
  | {
      ok: false;
      /**
       * error: no answer after the retries; blocked: an anti-bot challenge; http: a 4xx/5xx answer;
       * retry: worth trying again in `retryInMs` (back-off, Retry-After).
       */
      failure: "error" | "blocked" | "http" | "retry";
      reason: string;
      status: number | null;
      attempts: number;
      retryInMs?: number;
    };

/**
 * Whether robots.txt lets a URL be fetched; `unreachable` says why no robots.txt could be read, and
 * `retryInMs` when reading it is worth trying again.
 */
export type RobotsVerdict =
  { allowed: true } | { allowed: false; unreachable: string | null; retryInMs?: number };

const ROBOTS_MAX_BYTES = 512 * 1024;

/**
 * Everything between "fetch this URL for this agency" and a response worth reading: robots.txt (one
 * read per origin and crawl), per-host politeness through the host gate, retries with back-off and
 * Retry-After, conditional GETs, the `fetches` log, anti-bot challenge pages and HTTP errors.
 */
export class FetchPolicy {
  /** Requests sent (every attempt), and how many were answered 304. */
  requests = 0;
  notModified = 0;
  private readonly robotsByOrigin = new Map<string, Promise<RobotsRules & { retryInMs?: number }>>();
  private readonly certificatesNoted = new Set<string>();
  private readonly robotsAttempts = new Map<string, number>();

  constructor(private readonly env: FetchEnvironment) {}

  /** robots.txt's verdict on a URL; unreadable robots.txt allows nothing until a crawl reads it (RFC 9309). */
  async robots(agency: Agency, url: string): Promise<RobotsVerdict> {
    const origin = new URL(url).origin;
    let rules = this.robotsByOrigin.get(origin);
    if (!rules) {
      rules = this.readRobots(agency, `${origin}/robots.txt`);
      this.robotsByOrigin.set(origin, rules);
    }
    const read = await rules;
    if (read.isAllowed(url)) return { allowed: true };
    if (read.retryInMs === undefined) return { allowed: false, unreachable: read.unreachable ?? null };
    // Worth reading again: the next item of the origin (or this one, re-queued) does.
    if (this.robotsByOrigin.get(origin) === rules) this.robotsByOrigin.delete(origin);
    return { allowed: false, unreachable: read.unreachable ?? null, retryInMs: read.retryInMs };
  }

  private async readRobots(agency: Agency, robotsUrl: string): Promise<RobotsRules & { retryInMs?: number }> {
    const attempt = (this.robotsAttempts.get(robotsUrl) ?? 0) + 1;
    this.robotsAttempts.set(robotsUrl, attempt);
    const fetched = await this.fetch(agency, robotsUrl, {
      limits: { ...this.env.options.pageLimits, maxResponseBytes: ROBOTS_MAX_BYTES },
      attempt,
    });
    if ("error" in fetched) {
      const retry = "retryInMs" in fetched ? { retryInMs: fetched.retryInMs } : {};
      return { isAllowed: () => false, unreachable: fetched.error.message, ...retry };
    }
    const { response } = fetched;
    const body = response.body.toString("utf8");
    return parseRobots(robotsUrl, response.status, response.contentType, body, this.env.options.userAgent);
  }

  /** A request whose answer is classified: what a page handler reads, or why there is nothing to read. */
  async request(agency: Agency, url: string, init: FetchInit): Promise<Answer> {
    const fetched = await this.fetch(agency, url, init);
    if ("retryInMs" in fetched) {
      return {
        ok: false,
        failure: "retry",
        reason: fetched.error.message,
        status: null,
        attempts: fetched.attempts,
        retryInMs: fetched.retryInMs,
      };
    }
    if ("error" in fetched) {
      return {
        ok: false,
        failure: "error",
        reason: fetched.error.message,
        status: null,
        attempts: fetched.attempts,
      };
    }
    const { response, attempts, sha256 } = fetched;
    const status = response.status;
    const blocked = response.notModified ? null : antiBotReasonOfBody(status, response.body);
    if (blocked) {
      const reason = `blocked by anti-bot challenge: ${blocked}`;
      return { ok: false, failure: "blocked", reason, status, attempts };
    }
    if (status >= 400) return { ok: false, failure: "http", reason: `HTTP ${status}`, status, attempts };
    return { ok: true, response, attempts, sha256 };
  }

  /**
   * One attempt at a URL through the host gate, logged in `fetches`. An answer that may succeed later
   * comes back with the back-off to wait (`retryInMs`, Retry-After when the host says) while attempts
   * remain; the host's next requests are spaced by it too.
   */
  async fetch(agency: Agency, url: string, init: FetchInit): Promise<Fetched> {
    const { options, gate, signal } = this.env;
    const attempt = init.attempt ?? 1;
    const policy = agencyFetchPolicy(agency, options);
    const host = new URL(url).host;
    const release = await gate.acquire(host, policy);
    let response: FetchedResource | undefined;
    let error: Error | undefined;
    const started = Date.now();
    try {
      response = await fetchResource(this.env.http, {
        url,
        ...(init.method ? { method: init.method } : {}),
        etag: init.etag ?? null,
        lastModified: init.lastModified ?? null,
        allowPrivate: policy.allowPrivate,
        allowInvalidCertificates: policy.allowInvalidCertificates,
        limits: init.limits,
        userAgent: options.userAgent,
        ...(signal ? { signal } : {}),
        ...(this.env.timeLeftMs ? { maxDurationMs: this.env.timeLeftMs(agency) } : {}),
      });
    } catch (e) {
      error = e as Error;
    } finally {
      await release();
    }
    this.env.onRequest?.(agency, host, { bytes: response?.body.length ?? 0, ms: Date.now() - started });
    const retryable = isRetryable(response, error);
    // An answer worth retrying is a failed attempt too: the log says so, not only its status.
    const failure = error?.message ?? (retryable ? `${url}: HTTP ${response!.status}` : null);
    const sha256 = await this.log(agency, url, response, failure);
    if (response && policy.allowInvalidCertificates) await this.noteCertificate(agency, url);
    if (!retryable) {
      if (error) return { error, attempts: attempt };
      await gate.reward(host);
      return { response: response!, attempts: attempt, sha256 };
    }
    const retryAfter =
      response?.retryAfterMs ?? (error instanceof FetchRetryableError ? error.retryAfterMs : null);
    if (retryAfter !== null && retryAfter > options.maxRetryAfterMs) {
      const message = `${failure}; Retry-After ${Math.round(retryAfter / 1000)} s, deferred to the next crawl`;
      return { error: new FetchRetryableError(message), attempts: attempt };
    }
    if (attempt >= options.maxAttempts || signal?.aborted) {
      return {
        error: new FetchRetryableError(`${failure} (after ${attempt} attempts)`),
        attempts: attempt,
      };
    }
    const backoff = options.retryBaseDelayMs * 2 ** (attempt - 1);
    const wait = Math.max(retryAfter ?? 0, backoff * (0.75 + Math.random() * 0.5));
    await gate.penalize(host, wait);
    return { error: new FetchRetryableError(failure!), attempts: attempt, retryInMs: wait };
  }

  /** One row of the `fetches` log per attempt; a 200 body is kept in the blob store (its sha256 returned). */
  private async log(
    agency: Agency,
    url: string,
    response: FetchedResource | undefined,
    failure: string | null,
  ): Promise<string | null> {
    this.requests++;
    if (response?.notModified) this.notModified++;
    let sha256: string | null = null;
    if (response && response.status === 200 && response.body.length > 0)
      sha256 = (await this.env.blobs.put(response.body)).sha256;
    this.env.logFetch({
      runId: this.env.runId,
      agencyId: agency.id,
      url,
      finalUrl: response?.finalUrl ?? null,
      status: response?.status ?? null,
      etag: response?.etag ?? null,
      lastModified: response?.lastModified ?? null,
      contentType: response?.contentType ?? null,
      bytes: response?.body.length ?? null,
      sha256,
      durationMs: response?.durationMs ?? null,
      error: failure === null ? null : redactSecrets(failure),
    });
    return sha256;
  }

  /** A certificate accepted without verifying is a finding, once per agency and origin per crawl. */
  private async noteCertificate(agency: Agency, url: string) {
    const { protocol, hostname, origin } = new URL(url);
    const reason = protocol === "https:" ? this.env.http.unverifiedCertificate(hostname) : null;
    const key = `${agency.id} ${origin}`;
    if (!reason || this.certificatesNoted.has(key)) return;
    this.certificatesNoted.add(key);
    const detail = `${origin}: the TLS certificate does not verify (${reason}); accepted because the registry sets allowInvalidCertificates`;
    await this.env.finding(agency, url, "invalid_certificate", detail);
  }
}

/** Network errors, 5xx (unless an anti-bot page), 429 and 408 may succeed on a later attempt. */
function isRetryable(response: FetchedResource | undefined, error: Error | undefined): boolean {
  if (error) return error instanceof FetchRetryableError;
  const status = response!.status;
  return (
    (status >= 500 || status === 429 || status === 408) &&
    !antiBotReasonOfBody(status, response!.body, "latin1")
  );
}
