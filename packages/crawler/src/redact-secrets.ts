/** Query parameter names whose values are secrets (compared without regard to case). */
export const SECRET_PARAMETERS: readonly string[] = [
  "token",
  "access_token",
  "key",
  "apikey",
  "api_key",
  "secret",
  "password",
  "passwd",
  "pwd",
  "sig",
  "signature",
  "auth",
  "session",
  "sessionid",
  "ticket",
];

// `name=value` after `?`, `&` or `;` (`&amp;` in HTML); the value runs to the next separator or space.
const SECRET_PARAMETER = new RegExp(`([?&;](?:${SECRET_PARAMETERS.join("|")})=)([^&#\\s"'<>]*)`, "gi");
// Punctuation ending a sentence after a URL ("…?token=x: HTTP 500") is kept.
const TRAILING_PUNCTUATION = /[:;,.)\]]+$/;

/**
 * A URL, or any text holding URLs (an error message, a finding), with the values of query
 * parameters named like secrets (`token`, `key`, `sig`, `session`… in `SECRET_PARAMETERS`)
 * replaced by `***`: what is printed or stored as a message, never what is fetched.
 *
 * @example
 *   redactSecrets("https://a.gov.cn/list?page=2&token=s3cret: HTTP 500");
 *   // "https://a.gov.cn/list?page=2&token=***: HTTP 500"
 */
export function redactSecrets(text: string): string {
  return text.replace(SECRET_PARAMETER, (_match, name: string, value: string) => {
    const kept = TRAILING_PUNCTUATION.exec(value)?.[0] ?? "";
    return `${name}${value.length > kept.length ? "***" : ""}${kept}`;
  });
}
