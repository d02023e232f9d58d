import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { inflateRawSync } from 'node:zlib';

/**
 * DynamoDB Local's jar names its libraries in its manifest's Class-Path, and the first of them
 * is `.`, the jar's own folder. Java 17's class-data sharing refuses a class path with a
 * non-empty folder in it, so the archive needs a copy of the jar whose manifest has no
 * Class-Path, launched with the libraries on `-cp` instead. The copy is the original's bytes
 * with one new manifest entry appended and the zip's central directory pointed at it.
 */

export interface JarLaunch {
  /** The libraries the manifest named (jar files only), as absolute paths, in its order. */
  libraries: string[];
  mainClass: string;
}

const MANIFEST = 'META-INF/MANIFEST.MF';
const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_ENTRY = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;
/** General-purpose flag bit 3: sizes and CRC follow the data instead of the local header. */
const DATA_DESCRIPTOR = 0x0008;

/**
 * Writes `copy`, the jar at `original` without its manifest's Class-Path, and returns what the
 * Class-Path and Main-Class said. Written under a temporary name and linked into place only if
 * no copy is there yet: a reader never sees half a jar, and a copy an archive was recorded
 * against is never replaced (java checks its size and time).
 */
export function copyJarWithoutClassPath(original: string, copy: string): JarLaunch {
  const jar = readFileSync(original);
  const end = findEndOfDirectory(jar);
  const directoryOffset = jar.readUInt32LE(end + 16);
  const entry = findDirectoryEntry(jar, directoryOffset, jar.readUInt16LE(end + 10), MANIFEST);
  const manifest = unfold(readEntry(jar, entry));

  const attribute = (name: string) => manifest.find((line) => line.startsWith(`${name}: `))?.slice(name.length + 2).trim();
  const mainClass = attribute('Main-Class');
  if (!mainClass) throw new Error(`${original} names no Main-Class`);
  const libraries = (attribute('Class-Path') ?? '')
    .split(' ')
    .filter((path) => path.endsWith('.jar'))
    .map((path) => join(dirname(original), path));

  const text = Buffer.from(`${manifest.filter((line) => !line.startsWith('Class-Path: ')).join('\r\n')}\r\n\r\n`, 'utf8');
  const local = localEntry(jar, entry, text);
  const directory = Buffer.from(jar.subarray(directoryOffset, end));
  const at = entry - directoryOffset;
  directory.writeUInt16LE(directory.readUInt16LE(at + 8) & ~DATA_DESCRIPTOR, at + 8);
  directory.writeUInt16LE(STORED, at + 10);
  directory.writeUInt32LE(crc32(text), at + 16);
  directory.writeUInt32LE(text.length, at + 20);
  directory.writeUInt32LE(text.length, at + 24);
  directory.writeUInt32LE(directoryOffset, at + 42);
  const tail = Buffer.from(jar.subarray(end));
  tail.writeUInt32LE(directoryOffset + local.length, 16);

  const temporary = `${copy}.${process.pid}.tmp`;
  writeFileSync(temporary, Buffer.concat([jar.subarray(0, directoryOffset), local, directory, tail]));
  try {
    linkSync(temporary, copy);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
  return { libraries, mainClass };
}

function findEndOfDirectory(jar: Buffer): number {
  // The record is 22 bytes plus a comment of at most 64 KiB, at the very end.
  for (let at = jar.length - 22; at >= Math.max(0, jar.length - 22 - 0xffff); at--) {
    if (jar.readUInt32LE(at) === END_OF_DIRECTORY) return at;
  }
  throw new Error('not a zip file (no end of central directory)');
}

function findDirectoryEntry(jar: Buffer, offset: number, count: number, name: string): number {
  for (let at = offset, i = 0; i < count; i++) {
    if (jar.readUInt32LE(at) !== DIRECTORY_ENTRY) break;
    const nameLength = jar.readUInt16LE(at + 28);
    if (jar.toString('utf8', at + 46, at + 46 + nameLength) === name) return at;
    at += 46 + nameLength + jar.readUInt16LE(at + 30) + jar.readUInt16LE(at + 32);
  }
  throw new Error(`the jar has no ${name}`);
}

/** An entry's uncompressed bytes, as text (sizes from the central directory, which always has them). */
function readEntry(jar: Buffer, directoryEntry: number): string {
  const method = jar.readUInt16LE(directoryEntry + 10);
  const size = jar.readUInt32LE(directoryEntry + 20);
  const local = jar.readUInt32LE(directoryEntry + 42);
  const start = local + 30 + jar.readUInt16LE(local + 26) + jar.readUInt16LE(local + 28);
  const data = jar.subarray(start, start + size);
  if (method === STORED) return data.toString('utf8');
  if (method === DEFLATED) return inflateRawSync(data).toString('utf8');
  throw new Error(`unsupported compression method ${method}`);
}

/** Manifest lines with their 72-byte continuations joined back (a continuation starts with one space). */
function unfold(manifest: string): string[] {
  return manifest
    .replace(/\r?\n /g, '')
    .split(/\r?\n/)
    .filter((line) => line !== '');
}

/** A local entry header for `data`, stored, with the original entry's name and times. */
function localEntry(jar: Buffer, directoryEntry: number, data: Buffer): Buffer {
  const name = jar.subarray(directoryEntry + 46, directoryEntry + 46 + jar.readUInt16LE(directoryEntry + 28));
  const header = Buffer.alloc(30);
  header.writeUInt32LE(LOCAL_ENTRY, 0);
  header.writeUInt16LE(jar.readUInt16LE(directoryEntry + 6), 4);
  header.writeUInt16LE(jar.readUInt16LE(directoryEntry + 8) & ~DATA_DESCRIPTOR, 6);
  header.writeUInt16LE(STORED, 8);
  header.writeUInt32LE(jar.readUInt32LE(directoryEntry + 12), 10);
  header.writeUInt32LE(crc32(data), 14);
  header.writeUInt32LE(data.length, 18);
  header.writeUInt32LE(data.length, 22);
  header.writeUInt16LE(name.length, 26);
  header.writeUInt16LE(0, 28);
  return Buffer.concat([header, name, data]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** The zip format's CRC-32 (zlib.crc32 is newer than the Node 20 releases we support). */
function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
