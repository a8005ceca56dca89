import { Agent, type Dispatcher } from "undici";
import { type Lookup, guardedConnector } from "./address-guard.js";

/**
 * How long before a server's announced keep-alive timeout an idle connection is given up, so that a
 * request is not sent as the server closes it (a request that meets a closed connection is retried).
 */
export const KEEP_ALIVE_MARGIN_MS = 1_000;

export interface HttpClientOptions {
  connectTimeoutMs: number;
  lookup?: Lookup;
  /** Connections per origin and dispatcher. Default 4. */
  connections?: number;
  /** The dial step after the address check; tests replace it so no packet leaves loopback. */
  connect?: Parameters<typeof guardedConnector>[0]["connect"];
}

/**
 * The connections of one crawl: a dispatcher per way of connecting. Private addresses are refused
 * unless the agency allows them; TLS certificates must verify unless the agency's registry entry
 * accepts invalid ones, and then each host whose certificate did not verify is remembered.
 */
export class HttpClient {
  private readonly agents = new Map<string, Agent>();
  private readonly unverified = new Map<string, string>();

  constructor(private readonly options: HttpClientOptions = { connectTimeoutMs: 10_000 }) {}

  dispatcher(allowPrivate: boolean, allowInvalidCertificates = false): Dispatcher {
    const key = `${allowPrivate}/${allowInvalidCertificates}`;
    let agent = this.agents.get(key);
    if (!agent) {
      agent = new Agent({
        connect: guardedConnector({
          allowPrivate,
          allowInvalidCertificates,
          connectTimeoutMs: this.options.connectTimeoutMs,
          onUnverifiedCertificate: (host, reason) => this.unverified.set(host, reason),
          ...(this.options.lookup ? { lookup: this.options.lookup } : {}),
          ...(this.options.connect ? { connect: this.options.connect } : {}),
        }),
        connections: this.options.connections ?? 4,
        keepAliveTimeout: 4_000,
        // A server's keep-alive (`Keep-Alive: timeout=2`, a short one) less this margin is how long
        // an idle connection is kept. At undici's 2 s, a 2 s server's connection was closed after
        // every response: a new connection for each request (8,042 for 7,867 in the crawl bench).
        keepAliveTimeoutThreshold: KEEP_ALIVE_MARGIN_MS,
      });
      this.agents.set(key, agent);
    }
    return agent;
  }

  /** Why the certificate of a host reached with allowInvalidCertificates did not verify; null if it did. */
  unverifiedCertificate(hostname: string): string | null {
    return this.unverified.get(hostname) ?? null;
  }

  async close(): Promise<void> {
    await Promise.all([...this.agents.values()].map((agent) => agent.close()));
  }
}
