import { describe, expect, it, vi } from "vitest";
import { useCleanups } from "./cleanups.js";

// A hook timeout far below what the cleanups below take: the hooks useCleanups registers must not
// inherit it (CI failed a green suite when removing its temp tree outlasted vitest's default 10 s).
vi.setConfig({ hookTimeout: 50 });

/** Blocks the thread, as a synchronous rmSync of a large tree does. */
function blockFor(ms: number) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // busy
  }
}

const ran: string[] = [];

describe("suite cleanups", () => {
  const defer = useCleanups("suite");
  it("defers", () => {
    defer(() => ran.push("first"));
    defer(() => {
      blockFor(200);
      ran.push("slow, synchronous");
    });
  });
});

describe("test cleanups", () => {
  const defer = useCleanups();
  it("defers", () => {
    defer(async () => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      ran.push("slow, asynchronous");
    });
  });
});

describe("after both", () => {
  it("ran every cleanup, last deferred first, past the configured hook timeout", () => {
    expect(ran).toEqual(["slow, synchronous", "first", "slow, asynchronous"]);
  });
});
