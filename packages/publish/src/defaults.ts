/**
 * `@touming/publish/defaults`: the defaults the CLI's settings show, without loading the renderer's
 * templates or the store (the PDF renderer's module imports playwright-core only as types).
 */
export { DEFAULT_CHROMIUM, HEADLESS_SHELL, defaultPdfChromium } from "./render/pdf-renderer.js";
