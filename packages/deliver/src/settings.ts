/**
 * What the CLI's settings check (`TOUMING_SMTP_URL`, `TOUMING_SMTP_CA`), as `@touming/deliver/settings`:
 * the settings are read when the CLI starts, and this module loads neither nodemailer nor the store.
 */
export { parseSmtpUrl } from "./smtp-url.js";
export { type SmtpCa, readSmtpCa } from "./smtp-ca.js";
