/**
 * `@touming/publish/defaults`: the defaults the CLI's settings show, without loading the renderer's
 * templates, the renderer or the store.
 */
export { DEFAULT_CHROMIUM, HEADLESS_SHELL, defaultPdfChromium } from "./render/chromium-path.js";
