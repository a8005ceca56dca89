/**
 * `TOUMING_SMTP_URL`: `smtp://[user:pass@]host[:port]` (STARTTLS when the server offers it, port
 * 587 by default) or `smtps://…` (TLS from the start, port 465). The user name and password are
 * percent-encoded in the URL. Anything else (another scheme, no host, a path or a query) is refused.
 */
export function parseSmtpUrl(text: string): URL | undefined {
  if (/\s/.test(text) || !URL.canParse(text)) return undefined;
  const url = new URL(text);
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:") return undefined;
  if (url.hostname === "" || (url.pathname !== "" && url.pathname !== "/") || url.search || url.hash)
    return undefined;
  if (url.password !== "" && url.username === "") return undefined;
  return url;
}

/** The URL as logs and status may print it: the password replaced. */
export function redactedSmtpUrl(url: URL): string {
  const shown = new URL(url.href);
  if (shown.password) shown.password = "***";
  return shown.href;
}
