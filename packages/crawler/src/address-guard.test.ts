import { describe, expect, it } from "vitest";
import { AddressRefusedError, forbiddenReason, guardedConnector, resolveChecked } from "./address-guard.js";

const hostOf = (url: string) => new URL(url).hostname;

describe("forbiddenReason", () => {
  it.each([
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "linkLocal"],
    ["127.0.0.1", "loopback"],
    ["0.0.0.0", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["240.0.0.1", "reserved"],
    ["100.64.0.1", "carrierGradeNat"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fc00::1", "uniqueLocal"],
    ["fd12:3456::1", "uniqueLocal"],
    ["fe80::1", "linkLocal"],
    ["ff02::1", "multicast"],
    ["::ffff:10.0.0.1", "private"],
    ["::ffff:127.0.0.1", "loopback"],
  ])("refuses %s (%s)", (ip, range) => {
    expect(forbiddenReason(ip)).toBe(`${ip} is a ${range} address`);
  });

  it.each(["::7f00:1", "::a9fe:a9fe", "::808:808", "::127.0.0.1", "::8.8.8.8", "::0.0.0.2"])(
    "refuses IPv4-compatible %s, whatever IPv4 address it carries",
    (ip) => {
      expect(forbiddenReason(ip)).toBe(`${ip} is an IPv4-compatible address (::/96, deprecated)`);
    },
  );

  it.each(["8.8.8.8", "114.114.114.114", "2400:3200::1", "172.32.0.1", "192.169.0.1"])(
    "allows public %s",
    (ip) => {
      expect(forbiddenReason(ip)).toBeNull();
    },
  );

  it("sees through decimal, hex and octal IPv4 forms, which the URL parser normalises", () => {
    expect(hostOf("http://2130706433/")).toBe("127.0.0.1");
    expect(hostOf("http://0x7f.1/")).toBe("127.0.0.1");
    expect(hostOf("http://0177.0.0.1/")).toBe("127.0.0.1");
    expect(hostOf("http://[::ffff:a00:1]/")).toBe("[::ffff:a00:1]");
    for (const url of ["http://2130706433/", "http://0x7f.1/", "http://0177.0.0.1/"]) {
      expect(forbiddenReason(hostOf(url))).toMatch(/loopback/);
    }
  });
});

describe("resolveChecked", () => {
  const lookup = (answers: Record<string, string[]>) => async (host: string) =>
    (answers[host] ?? []).map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));

  it("refuses a hostname that resolves to a private address", async () => {
    await expect(
      resolveChecked("intranet.example.gov.cn", {
        allowPrivate: false,
        lookup: lookup({ "intranet.example.gov.cn": ["10.0.0.8"] }),
      }),
    ).rejects.toThrow(
      "refused intranet.example.gov.cn: 10.0.0.8 is a private address (allowPrivateAddresses is off)",
    );
  });

  it("refuses when any of the resolved addresses is private", async () => {
    const answers = lookup({ "mixed.example": ["61.147.1.2", "192.168.0.2"] });
    await expect(
      resolveChecked("mixed.example", { allowPrivate: false, lookup: answers }),
    ).rejects.toBeInstanceOf(AddressRefusedError);
  });

  it("passes public addresses and, when allowed, loopback", async () => {
    const answers = lookup({ "www.gov.cn": ["58.213.131.5"] });
    expect(await resolveChecked("www.gov.cn", { allowPrivate: false, lookup: answers })).toEqual({
      address: "58.213.131.5",
      family: 4,
    });
    expect(await resolveChecked("127.0.0.1", { allowPrivate: true })).toEqual({
      address: "127.0.0.1",
      family: 4,
    });
    await expect(resolveChecked("[::1]", { allowPrivate: false })).rejects.toThrow(/loopback/);
  });
});

describe("guardedConnector", () => {
  it("connects to the address it checked, keeping the server name, and never dials a refused one", async () => {
    const dialled: { hostname: string; servername?: string }[] = [];
    const recordingConnect = ((
      opts: { hostname: string; servername?: string },
      callback: (e: Error | null, s: null) => void,
    ) => {
      dialled.push({ hostname: opts.hostname, ...(opts.servername ? { servername: opts.servername } : {}) });
      callback(null, null);
    }) as never;
    const lookupTable: Record<string, string> = {
      "www.example.gov.cn": "202.96.128.86",
      "rebind.example": "169.254.169.254",
    };
    const connector = guardedConnector({
      allowPrivate: false,
      connectTimeoutMs: 1000,
      lookup: async (host) => [{ address: lookupTable[host]!, family: 4 }],
      connect: recordingConnect,
    });
    const connect = (hostname: string) =>
      new Promise<Error | null>((resolve) =>
        connector({ hostname, protocol: "https:", port: "443" }, (...args) => resolve(args[0])),
      );
    expect(await connect("www.example.gov.cn")).toBeNull();
    const refused = await connect("rebind.example");
    expect(refused).toBeInstanceOf(AddressRefusedError);
    expect(await connect("10.0.0.1")).toBeInstanceOf(AddressRefusedError);
    expect(dialled).toEqual([{ hostname: "202.96.128.86", servername: "www.example.gov.cn" }]);
  });

  it("refuses a hostname resolving to IPv4-compatible ::7f00:1 without dialling, unless private addresses are allowed", async () => {
    const dialled: string[] = [];
    const recordingConnect = ((opts: { hostname: string }, callback: (e: Error | null, s: null) => void) => {
      dialled.push(opts.hostname);
      callback(null, null);
    }) as never;
    const connectVia = (allowPrivate: boolean) => {
      const connector = guardedConnector({
        allowPrivate,
        connectTimeoutMs: 1000,
        lookup: async () => [{ address: "::7f00:1", family: 6 }],
        connect: recordingConnect,
      });
      return new Promise<Error | null>((resolve) =>
        connector({ hostname: "compat.example", protocol: "http:", port: "80" }, (...args) =>
          resolve(args[0]),
        ),
      );
    };
    const refused = await connectVia(false);
    expect(refused).toBeInstanceOf(AddressRefusedError);
    expect(refused?.message).toBe(
      "refused compat.example: ::7f00:1 is an IPv4-compatible address (::/96, deprecated) (allowPrivateAddresses is off)",
    );
    expect(dialled).toEqual([]);
    expect(await connectVia(true)).toBeNull();
    expect(dialled).toEqual(["::7f00:1"]);
  });
});
