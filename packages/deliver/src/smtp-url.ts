/**
 * The one query `TOUMING_SMTP_URL` accepts: an `smtp://` URL ending in it sends only after
 * STARTTLS, and fails (rather than sending in clear) against a server that does not offer it.
 */
export const STARTTLS_REQUIRED = "?starttls=required";

/**
 * `TOUMING_SMTP_URL`: `smtp://[user:pass@]host[:port]` (STARTTLS when the server offers it, port
 * 587 by default; with `?starttls=required`, only over STARTTLS) or `smtps://…` (TLS from the
 * start, port 465). The user name and password are percent-encoded in the URL. Anything else
 * (another scheme, no host, a path, another query, a fragment) is refused: an unknown parameter
 * might be a misspelt `starttls=required`, and ignoring it would send in clear.
 */
export function parseSmtpUrl(text: string): URL | undefined {
  if (/\s/.test(text) || !URL.canParse(text)) return undefined;
  const url = new URL(text);
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:") return undefined;
  if (url.hostname === "" || (url.pathname !== "" && url.pathname !== "/") || url.hash) return undefined;
  // `?starttls=required` on smtps:// would say nothing (TLS from the start): refused as a mistake.
  if (url.search !== "" && (url.search !== STARTTLS_REQUIRED || url.protocol !== "smtp:")) return undefined;
  // `smtp://host?` parses with an empty search: the "?" alone is refused too.
  if (url.search === "" && text.includes("?")) return undefined;
  if (url.password !== "" && url.username === "") return undefined;
  return url;
}

/** Whether the URL asks for STARTTLS to be required (nodemailer's `requireTLS`). */
export const requiresStartTls = (url: URL): boolean =>
  url.protocol === "smtp:" && url.search === STARTTLS_REQUIRED;

/** The URL as logs and status may print it: the password replaced. */
export function redactedSmtpUrl(url: URL): string {
  const shown = new URL(url.href);
  if (shown.password) shown.password = "***";
  return shown.href;
}
