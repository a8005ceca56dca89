import { lookup as dnsLookup } from "node:dns/promises";
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";
import { buildConnector } from "undici";

/** Looks a hostname up; tests pass their own so that no query leaves the machine. */
export type Lookup = (hostname: string) => Promise<{ address: string; family: number }[]>;

export const systemLookup: Lookup = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** The target is not allowed: a private, loopback, link-local, reserved… address. Never retried. */
export class AddressRefusedError extends Error {
  override name = "AddressRefusedError";
}

const PUBLIC_RANGES = new Set(["unicast"]);

/** In ::/96 (IPv4-compatible IPv6, deprecated by RFC 4291), which ipaddr.js calls unicast. */
function isIPv4Compatible(addr: ipaddr.IPv6): boolean {
  return addr.parts.slice(0, 6).every((part) => part === 0);
}

/**
 * An IPv6 address with its last 32 bits in hex, as the URL parser writes it: ipaddr.js reads the
 * dotted IPv4-compatible form (::8.8.8.8, as resolvers print ::808:808) as IPv4-mapped.
 */
function canonicalIPv6(ip: string): string {
  if (isIP(ip) !== 6) return ip;
  return URL.parse(`http://[${ip}]/`)?.hostname.slice(1, -1) ?? ip;
}

/**
 * Why an IP may not be fetched, or null when it is a public unicast address.
 * IPv4-mapped IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it carries; IPv4-compatible
 * IPv6 (::7f00:1, the whole ::/96 besides :: and ::1) is refused whatever it carries.
 */
export function forbiddenReason(ip: string): string | null {
  if (!ipaddr.isValid(ip)) return `not an IP address: ${ip}`;
  let addr = ipaddr.parse(canonicalIPv6(ip));
  if (addr.kind() === "ipv6" && (addr as ipaddr.IPv6).isIPv4MappedAddress())
    addr = (addr as ipaddr.IPv6).toIPv4Address();
  const range = addr.range();
  if (!PUBLIC_RANGES.has(range)) return `${ip} is a ${range} address`;
  if (addr.kind() === "ipv6" && isIPv4Compatible(addr as ipaddr.IPv6))
    return `${ip} is an IPv4-compatible address (::/96, deprecated)`;
  return null;
}

/**
 * Resolves a hostname and checks every address it resolves to. Literal IPs in any form the URL
 * parser accepts (2130706433, 0x7f.1, 0177.0.0.1) have already been normalised by `new URL`.
 * Returns the address to connect to, so the connection goes exactly where the check looked.
 */
export async function resolveChecked(
  hostname: string,
  options: { allowPrivate: boolean; lookup?: Lookup },
): Promise<{ address: string; family: number }> {
  const host = hostname.replace(/^\[|\]$/g, "");
  const family = isIP(host);
  const addresses = family ? [{ address: host, family }] : await (options.lookup ?? systemLookup)(host);
  if (addresses.length === 0) throw new AddressRefusedError(`${hostname} does not resolve`);
  if (!options.allowPrivate) {
    for (const { address } of addresses) {
      const reason = forbiddenReason(address);
      if (reason)
        throw new AddressRefusedError(`refused ${hostname}: ${reason} (allowPrivateAddresses is off)`);
    }
  }
  return addresses[0]!;
}

type Connect = buildConnector.connector;

/**
 * An undici connector that resolves and checks the host itself, then connects to the checked address
 * (keeping the TLS server name), leaving no window for DNS rebinding between check and connect.
 * With `allowInvalidCertificates`, a TLS certificate that does not verify is accepted and reported
 * through `onUnverifiedCertificate` (host name, why).
 */
export function guardedConnector(options: {
  allowPrivate: boolean;
  connectTimeoutMs: number;
  lookup?: Lookup;
  /** The connect step; tests replace it so nothing is ever dialled. */
  connect?: Connect;
  allowInvalidCertificates?: boolean;
  onUnverifiedCertificate?: (hostname: string, reason: string) => void;
}): Connect {
  const insecure = options.allowInvalidCertificates === true;
  const connect =
    options.connect ??
    buildConnector({ timeout: options.connectTimeoutMs, ...(insecure ? { rejectUnauthorized: false } : {}) });
  return (opts, callback) => {
    resolveChecked(opts.hostname, options)
      .then(({ address }) => {
        const servername =
          opts.servername ?? (isIP(opts.hostname.replace(/^\[|\]$/g, "")) ? undefined : opts.hostname);
        connect({ ...opts, hostname: address, ...(servername ? { servername } : {}) }, (error, socket) => {
          const tls = socket as (typeof socket & { authorized?: boolean; authorizationError?: Error }) | null;
          if (!error && insecure && tls?.authorized === false) {
            options.onUnverifiedCertificate?.(
              opts.hostname,
              String(tls.authorizationError ?? "not verified"),
            );
          }
          callback(error, socket as never);
        });
      })
      .catch((error: Error) => callback(error, null));
  };
}
