import { constants, crc32, deflateRawSync } from "node:zlib";

export interface ZipEntrySpec {
  name: string;
  /** The entry's content; its deflated form is written unless `compressed` is given. */
  data: Uint8Array;
  method?: "deflate" | "store";
  /** Written as the method number instead, e.g. 12 (bzip2), which the reader does not know. */
  methodId?: number;
  /** Written as the entry's data instead of deflating `data` (a bomb stream, damaged bytes). */
  compressed?: Uint8Array;
  /** The uncompressed size the headers declare; the true size unless a test makes the zip lie. */
  declaredSize?: number;
  /** Sizes and offset in a ZIP64 extra field, the 32-bit header fields set to 0xFFFFFFFF. */
  zip64?: boolean;
}

const u16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
};
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};
const u64 = (n: number) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
};

/** Writes a zip archive, honest or lying about its sizes, the way an archiver lays it out. */
export function writeZip(entries: readonly ZipEntrySpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, "utf8");
    const method = entry.method === "store" ? 0 : 8;
    const body = Buffer.from(
      entry.compressed ?? (method === 0 ? entry.data : deflateRawSync(entry.data, { level: 9 })),
    );
    const size = entry.declaredSize ?? entry.data.byteLength;
    const crc = crc32(entry.data);
    const extra = entry.zip64
      ? Buffer.concat([u16(0x0001), u16(24), u64(size), u64(body.length), u64(offset)])
      : Buffer.alloc(0);
    const size32 = entry.zip64 ? 0xffffffff : size;
    const body32 = entry.zip64 ? 0xffffffff : body.length;
    const offset32 = entry.zip64 ? 0xffffffff : offset;
    // The fields from "version needed" to "extra length" read the same in both headers.
    const common = [
      u16(entry.zip64 ? 45 : 20),
      u16(0x0800),
      u16(entry.methodId ?? method),
      u16(0),
      u16(0x21),
      u32(crc),
      u32(body32),
      u32(size32),
      u16(name.length),
      u16(extra.length),
    ];
    const local = Buffer.concat([u32(0x04034b50), ...common, name, extra, body]);
    centrals.push(
      Buffer.concat([
        u32(0x02014b50),
        u16(0x031e),
        ...common,
        u16(0),
        u16(0),
        u16(0),
        u32(0),
        u32(offset32),
        name,
        extra,
      ]),
    );
    locals.push(local);
    offset += local.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.concat([
    u32(0x06054b50),
    u16(0),
    u16(0),
    u16(Math.min(entries.length, 0xffff)),
    u16(Math.min(entries.length, 0xffff)),
    u32(directory.length),
    u32(offset),
    u16(0),
  ]);
  return Buffer.concat([...locals, directory, end]);
}

/**
 * A raw deflate stream that inflates to `chunk` repeated `times` times, built without ever
 * holding the inflated bytes: one sync-flushed block sequence repeated, then an empty final block.
 */
export function repeatedDeflate(chunk: Uint8Array, times: number): Buffer {
  const block = deflateRawSync(chunk, { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
  const final = deflateRawSync(Buffer.alloc(0));
  return Buffer.concat([...Array.from({ length: times }, () => block), final]);
}
