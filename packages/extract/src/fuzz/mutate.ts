import iconv from "iconv-lite";
import type { SeededRandom } from "./seeded-random.js";

/** One damaged input and how it was made, for the test name and for reproducing a failure. */
export interface Mutant {
  how: string;
  bytes: Uint8Array;
}

const concat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));

// Text in the legacy Chinese encodings, cut at random points: half characters, wrong decodings.
const GBK_TEXT = iconv.encode("政府信息公开工作年度报告 本年新收政府信息公开申请数量 行政复议", "gbk");
const BIG5_TEXT = iconv.encode("政府資訊公開工作年度報告 本年新收申請數量 行政復議", "big5");

function garbage(rnd: SeededRandom): { how: string; bytes: Uint8Array } {
  switch (rnd.int(5)) {
    case 0:
      return { how: "GBK", bytes: GBK_TEXT.subarray(rnd.int(4), GBK_TEXT.length - rnd.int(4)) };
    case 1:
      return { how: "Big5", bytes: BIG5_TEXT.subarray(rnd.int(4), BIG5_TEXT.length - rnd.int(4)) };
    case 2:
      return {
        how: "invalid UTF-8",
        bytes: new Uint8Array([0xc3, 0x28, 0xe2, 0x82, 0xf0, 0x9f, 0x80, 0xff]),
      };
    case 3:
      return { how: "NULs", bytes: new Uint8Array(rnd.between(1, 600)) };
    default:
      return { how: "random bytes", bytes: rnd.bytes(rnd.between(1, 600)) };
  }
}

function span(rnd: SeededRandom, length: number, max = 4096): { at: number; length: number } {
  const at = rnd.int(Math.max(1, length));
  return { at, length: Math.min(length - at, rnd.between(1, max)) };
}

/** Generic damage that any format may suffer in transit or in a careless CMS. */
export function mutateBytes(bytes: Uint8Array, rnd: SeededRandom, other: Uint8Array): Mutant {
  const b = Buffer.from(bytes);
  switch (rnd.int(7)) {
    case 0: {
      const out = Buffer.from(b);
      const flips = rnd.between(1, 64);
      for (let i = 0; i < flips; i++) out[rnd.int(out.length)] = rnd.int(256);
      return { how: `${flips} byte flips`, bytes: out };
    }
    case 1: {
      const keep = rnd.int(b.length);
      return { how: `truncated to ${keep} bytes`, bytes: b.subarray(0, keep) };
    }
    case 2: {
      const { at, length } = span(rnd, b.length);
      const times = rnd.between(1, 50);
      const copies = Array.from({ length: times }, () => b.subarray(at, at + length));
      return {
        how: `${length} bytes at ${at} duplicated ${times}×`,
        bytes: concat(b.subarray(0, at + length), ...copies, b.subarray(at + length)),
      };
    }
    case 3: {
      const { at, length } = span(rnd, b.length, 16_384);
      return {
        how: `${length} bytes deleted at ${at}`,
        bytes: concat(b.subarray(0, at), b.subarray(at + length)),
      };
    }
    case 4: {
      const cut = rnd.int(b.length);
      const from = rnd.int(other.length);
      return {
        how: `first ${cut} bytes spliced onto another format's bytes from ${from}`,
        bytes: concat(b.subarray(0, cut), other.subarray(from)),
      };
    }
    case 5: {
      const at = rnd.int(b.length);
      const g = garbage(rnd);
      return { how: `${g.how} inserted at ${at}`, bytes: concat(b.subarray(0, at), g.bytes, b.subarray(at)) };
    }
    default: {
      const { at, length } = span(rnd, b.length);
      const g = garbage(rnd);
      return {
        how: `${length} bytes at ${at} overwritten with ${g.how}`,
        bytes: concat(b.subarray(0, at), g.bytes, b.subarray(at + length)),
      };
    }
  }
}

/** A header field: what it is, where it starts, how many bytes it has. */
type Field = [how: string, at: number, width: 2 | 4];

/** Sets a little-endian header field of `width` bytes to `value` (cut to fit); says what it did. */
function setField(out: Buffer, [how, at, width]: Field, value: number): string {
  const v = width === 2 ? value & 0xffff : value >>> 0;
  if (width === 2) out.writeUInt16LE(v, at);
  else out.writeUInt32LE(v, at);
  return `${how} set to ${v}`;
}

function replaceAll(b: Buffer, pattern: RegExp, rnd: SeededRandom, replace: (match: string) => string) {
  const text = b.toString("latin1");
  const matches = [...text.matchAll(pattern)];
  if (matches.length === 0) return null;
  const m = rnd.pick(matches);
  const out = text.slice(0, m.index) + replace(m[0]) + text.slice(m.index + m[0].length);
  return Buffer.from(out, "latin1");
}

/** Damage aimed at a PDF's structure: cross-reference table, trailer, stream lengths and data. */
export function mutatePdf(bytes: Uint8Array, rnd: SeededRandom): Mutant {
  const b = Buffer.from(bytes);
  const digits = (s: string) => s.replace(/\d/g, () => String(rnd.int(10)));
  const attempts: [string, () => Buffer | null][] = [
    ["xref entry offsets scrambled", () => replaceAll(b, /\d{10} \d{5} [nf]/g, rnd, digits)],
    ["startxref points elsewhere", () => replaceAll(b, /startxref\s+\d+/g, rnd, digits)],
    ["a stream /Length lies", () => replaceAll(b, /\/Length \d+/g, rnd, () => `/Length ${rnd.int(1e7)}`)],
    ["endstream removed", () => replaceAll(b, /endstream/g, rnd, () => "")],
    ["trailer removed", () => replaceAll(b, /trailer/g, rnd, () => "xxxxxxx")],
    ["an object number changed", () => replaceAll(b, /\d+ 0 obj/g, rnd, digits)],
    ["a /Filter changed", () => replaceAll(b, /\/FlateDecode/g, rnd, () => "/LZWDecode")],
    ["a page count lies", () => replaceAll(b, /\/Count \d+/g, rnd, () => `/Count ${rnd.int(1e9)}`)],
    [
      "stream data flipped",
      () => {
        const starts = [...b.toString("latin1").matchAll(/stream\r?\n/g)];
        if (starts.length === 0) return null;
        const at = rnd.pick(starts).index + 8;
        const out = Buffer.from(b);
        for (let i = 0; i < 16 && at + i < out.length; i++) out[at + rnd.int(256)] = rnd.int(256);
        return out;
      },
    ],
  ];
  const [how, run] = rnd.pick(attempts);
  const out = run();
  return out ? { how, bytes: out } : mutateBytes(bytes, rnd, bytes);
}

/** Where a zip's central directory lies, from its end record; null when there is none. */
function centralDirectory(b: Buffer): { end: number; start: number; count: number } | null {
  for (let i = b.length - 22; i >= Math.max(0, b.length - 65_557); i--) {
    if (b.readUInt32LE(i) === 0x06054b50) {
      return { end: i, start: b.readUInt32LE(i + 16), count: b.readUInt16LE(i + 10) };
    }
  }
  return null;
}

/** Damage aimed at a zip's structure: end record, central directory entries, local headers. */
export function mutateZip(bytes: Uint8Array, rnd: SeededRandom): Mutant {
  const b = Buffer.from(bytes);
  const dir = centralDirectory(b);
  if (!dir) return mutateBytes(bytes, rnd, bytes);
  const entries: number[] = [];
  for (let p = dir.start, k = 0; k < dir.count && p + 46 <= dir.end; k++) {
    if (b.readUInt32LE(p) !== 0x02014b50) break;
    entries.push(p);
    p += 46 + b.readUInt16LE(p + 28) + b.readUInt16LE(p + 30) + b.readUInt16LE(p + 32);
  }
  const out = Buffer.from(b);
  const entry = entries.length > 0 ? rnd.pick(entries) : dir.start;
  const value = () => rnd.pick([0, 1, 0xffff, 0xffffffff, rnd.int(2 ** 32), b.length, b.length - 1]);
  const fields: Field[] = [
    ["end record: entry count", dir.end + 10, 2],
    ["end record: directory size", dir.end + 12, 4],
    ["end record: directory offset", dir.end + 16, 4],
    ["entry: compression method", entry + 10, 2],
    ["entry: compressed size", entry + 20, 4],
    ["entry: uncompressed size", entry + 24, 4],
    ["entry: name length", entry + 28, 2],
    ["entry: extra length", entry + 30, 2],
    ["entry: local header offset", entry + 42, 4],
    ["entry: flags (encrypted)", entry + 8, 2],
  ];
  const field = rnd.pick(fields);
  if (field[1] + field[2] > out.length) return mutateBytes(bytes, rnd, bytes);
  return { how: setField(out, field, value()), bytes: out };
}

/**
 * Damage aimed at an OLE compound file (DOC, WPS), in place so that its sectors stay where the
 * header says: header fields, FAT entries (chains that loop or point past the end), sector contents.
 */
export function mutateOle(bytes: Uint8Array, rnd: SeededRandom): Mutant {
  const out = Buffer.from(bytes);
  const sectorShift = out.readUInt16LE(0x1e);
  const sectorSize = sectorShift >= 7 && sectorShift <= 16 ? 2 ** sectorShift : 512;
  const firstFatSector = out.readUInt32LE(0x4c);
  const value = () => rnd.pick([0, 1, 0xfffffffe, 0xffffffff, 0xfffffffd, rnd.int(2 ** 32), rnd.int(200)]);
  const header: Field[] = [
    ["sector shift", 0x1e, 2],
    ["mini sector shift", 0x20, 2],
    ["FAT sector count", 0x2c, 4],
    ["first directory sector", 0x30, 4],
    ["mini stream cutoff", 0x38, 4],
    ["first mini FAT sector", 0x3c, 4],
    ["mini FAT sector count", 0x40, 4],
    ["first DIFAT sector", 0x44, 4],
    ["first FAT sector in the header", 0x4c, 4],
  ];
  switch (rnd.int(3)) {
    case 0: {
      return { how: `OLE header: ${setField(out, rnd.pick(header), value())}`, bytes: out };
    }
    case 1: {
      // A FAT entry pointing at itself, at an earlier sector, or past the end: a chain that loops.
      const fat = (firstFatSector + 1) * sectorSize;
      if (fat + sectorSize > out.length) return mutateBytes(bytes, rnd, bytes);
      const entries = rnd.between(1, 8);
      for (let i = 0; i < entries; i++) {
        const k = rnd.int(sectorSize / 4);
        out.writeUInt32LE(rnd.pick([k, 0, rnd.int(k + 1), 0xfffffff0, rnd.int(2 ** 32)]) >>> 0, fat + k * 4);
      }
      return { how: `${entries} FAT entries changed`, bytes: out };
    }
    default: {
      const at = rnd.between(512, out.length - 1);
      const length = Math.min(out.length - at, rnd.between(1, 4096));
      out.set(rnd.bytes(length), at);
      return { how: `${length} bytes at ${at} overwritten in place`, bytes: out };
    }
  }
}
