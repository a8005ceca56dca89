import { inflateRawSync } from "node:zlib";
import { DocumentTooLargeError } from "../errors.js";

const END_OF_DIRECTORY = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_END_OF_DIRECTORY = 0x06064b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const NO_32_BIT_VALUE = 0xffffffff;

/** A zip archive without the entry asked for: some other kind of archive. */
export class ZipEntryMissingError extends Error {
  override name = "ZipEntryMissingError";
}

interface DirectoryEntry {
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localHeader: number;
}

function readU64(buf: Buffer, at: number): number {
  const value = buf.readBigUInt64LE(at);
  // Beyond 2^53 no offset or size can be true of an input we hold in memory.
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
}

function directoryBounds(buf: Buffer): { start: number; count: number } {
  const lowest = Math.max(0, buf.length - 22 - 0xffff);
  for (let at = buf.length - 22; at >= lowest; at--) {
    if (buf.readUInt32LE(at) !== END_OF_DIRECTORY) continue;
    let start = buf.readUInt32LE(at + 16);
    let count = buf.readUInt16LE(at + 10);
    const locator = at - 20;
    if ((count === 0xffff || start === NO_32_BIT_VALUE) && locator >= 0) {
      if (buf.readUInt32LE(locator) !== ZIP64_LOCATOR) throw new Error("the ZIP64 end record is missing");
      const end64 = readU64(buf, locator + 8);
      if (end64 + 56 > buf.length || buf.readUInt32LE(end64) !== ZIP64_END_OF_DIRECTORY) {
        throw new Error("the ZIP64 end record is damaged");
      }
      count = readU64(buf, end64 + 32);
      start = readU64(buf, end64 + 48);
    }
    return { start, count };
  }
  throw new Error("not a zip archive (no end of central directory)");
}

/** ZIP64 keeps in an extra field each 32-bit size or offset that reads 0xFFFFFFFF. */
function applyZip64Extra(buf: Buffer, extraStart: number, extraEnd: number, entry: DirectoryEntry) {
  for (let p = extraStart; p + 4 <= extraEnd;) {
    const id = buf.readUInt16LE(p);
    const length = buf.readUInt16LE(p + 2);
    if (id === 0x0001) {
      let q = p + 4;
      const end = Math.min(q + length, extraEnd);
      const next = () => {
        if (q + 8 > end) throw new Error("a ZIP64 extra field is too short");
        const v = readU64(buf, q);
        q += 8;
        return v;
      };
      if (entry.size === NO_32_BIT_VALUE) entry.size = next();
      if (entry.compressedSize === NO_32_BIT_VALUE) entry.compressedSize = next();
      if (entry.localHeader === NO_32_BIT_VALUE) entry.localHeader = next();
      return;
    }
    p += 4 + length;
  }
}

function findEntry(buf: Buffer, name: string): DirectoryEntry | null {
  const wanted = Buffer.from(name, "utf8");
  const { start, count } = directoryBounds(buf);
  let p = start;
  for (let k = 0; k < count; k++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== DIRECTORY_ENTRY) {
      throw new Error(`the zip's central directory is damaged at entry ${k + 1} of ${count}`);
    }
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const nameStart = p + 46;
    if (nameStart + nameLength > buf.length) throw new Error("a zip entry's name runs past the end");
    if (buf.subarray(nameStart, nameStart + nameLength).equals(wanted)) {
      const entry: DirectoryEntry = {
        flags: buf.readUInt16LE(p + 8),
        method: buf.readUInt16LE(p + 10),
        compressedSize: buf.readUInt32LE(p + 20),
        size: buf.readUInt32LE(p + 24),
        localHeader: buf.readUInt32LE(p + 42),
      };
      const extraStart = nameStart + nameLength;
      applyZip64Extra(buf, extraStart, Math.min(buf.length, extraStart + extraLength), entry);
      return entry;
    }
    p = nameStart + nameLength + extraLength + commentLength;
  }
  return null;
}

/**
 * The content of one zip entry, found through the central directory. Its inflated size is capped
 * at `maxBytes` twice over: a declared size above the cap is refused before inflating, and
 * inflation stops as soon as the output passes the cap, so an archive that lies about its sizes
 * (a zip bomb) costs at most `maxBytes` of memory and the time to produce them.
 *
 * Throws DocumentTooLargeError over the cap, ZipEntryMissingError when there is no such entry,
 * and Error for a damaged, encrypted or unsupported archive.
 */
export function readZipEntry(bytes: Uint8Array, name: string, maxBytes: number): Buffer {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entry = findEntry(buf, name);
  if (!entry) throw new ZipEntryMissingError(`the archive has no ${name}`);
  if (entry.flags & 0x0001) throw new Error(`${name} is encrypted`);
  if (entry.size > maxBytes) {
    throw new DocumentTooLargeError(`${name} would inflate to ${entry.size} bytes (limit ${maxBytes})`);
  }
  const at = entry.localHeader;
  if (at + 30 > buf.length || buf.readUInt32LE(at) !== LOCAL_HEADER) {
    throw new Error(`the local header of ${name} is missing or damaged`);
  }
  const dataStart = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
  const dataEnd = dataStart + entry.compressedSize;
  if (dataEnd > buf.length) throw new Error(`${name} runs past the end of the archive (truncated?)`);
  const data = buf.subarray(dataStart, dataEnd);
  let content: Buffer;
  if (entry.method === 0) {
    content = Buffer.from(data);
  } else if (entry.method === 8) {
    try {
      content = inflateRawSync(data, { maxOutputLength: maxBytes });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") {
        throw new DocumentTooLargeError(
          `${name} inflates to more than ${maxBytes} bytes although it declares ${entry.size} (a zip bomb?)`,
          { cause: error },
        );
      }
      throw new Error(`${name} does not inflate: ${(error as Error).message}`, { cause: error });
    }
  } else {
    throw new Error(`${name} uses compression method ${entry.method} (only stored and deflated are read)`);
  }
  if (content.length !== entry.size) {
    throw new Error(`${name} holds ${content.length} bytes but declares ${entry.size}`);
  }
  return content;
}
