import { defineConfig } from "vitest/config";

// The browser test waits on a page that fetches its index and renders it: on a loaded CI
// machine (turbo runs packages side by side) that can take seconds, past expect.poll's default
// of one. A wrong value still fails, at the end of the wait.
export default defineConfig({
  test: {
    expect: { poll: { timeout: 30_000, interval: 100 } },
  },
});
