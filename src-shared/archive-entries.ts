/**
 * Zip archives' entry names, read from the central directory (what unzip tools list) and from
 * each entry's local header (what streaming extractors use), so an attachment that would write
 * outside the folder it is unpacked into ("zip slip") is refused before anyone opens it. Office
 * files (docx, xlsx) are zip archives too and get the same check.
 */

/** Random access to a file's bytes: in memory, or read from disk on demand. */
export interface ByteSource {
  readonly size: number;
  /** Up to `length` bytes from `offset` (fewer at the end of the file). */
  read(offset: number, length: number): Promise<Uint8Array>;
}

export function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: (offset, length) => Promise.resolve(bytes.subarray(offset, offset + length)),
  };
}

/** An entry whose name or kind is unsafe to unpack, and why. */
export interface UnsafeEntry {
  name: string;
  problem: string;
}

export type ArchiveInspection =
  | { kind: 'not_zip' }
  | { kind: 'too_many'; entries: number }
  | { kind: 'zip'; entries: number; unsafe: UnsafeEntry | null };

/** More entries than any attachment needs; a directory claiming more is refused, not walked. */
export const MAX_ARCHIVE_ENTRIES = 100_000;

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_END64 = 0x06064b50;
const SIG_END64_LOCATOR = 0x07064b50;
const END_BYTES = 22;
const MAX_COMMENT = 0xffff;
/** Info-ZIP "Unicode Path" extra field: some extractors use its name instead of the entry's. */
const EXTRA_UNICODE_PATH = 0x7075;
const UNIX_HOST = 3;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

const u16 = (b: Uint8Array, at: number) => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
const u32 = (b: Uint8Array, at: number) => (u16(b, at) + u16(b, at + 2) * 0x10000) >>> 0;
const u64 = (b: Uint8Array, at: number) => u32(b, at) + u32(b, at + 4) * 0x1_0000_0000;

/** Why an entry name would land outside the unpack folder, or null when it is a plain relative path. */
export function unsafeEntryName(name: string): string | null {
  if (name.includes('\0')) return 'it contains a NUL character';
  if (name.includes('\\')) return 'it uses backslashes, which Windows treats as folder separators';
  if (/^[A-Za-z]:/.test(name)) return 'it starts with a drive letter';
  if (name.startsWith('/')) return 'it is an absolute path';
  if (name.split('/').includes('..')) return 'it climbs out of the folder with ".."';
  return null;
}

/**
 * Reads a zip's entry names and checks each; `not_zip` for anything no extractor would unpack.
 * Both ways extractors find entries are followed: the central directory (with each entry's local
 * header), and the local headers one after another from the start, as streaming extractors read
 * them, which also covers entries the directory leaves out and archives cut short.
 */
export async function inspectZip(source: ByteSource): Promise<ArchiveInspection> {
  const head = await source.read(0, 4);
  const startsAsZip = head.length === 4 && u16(head, 0) === 0x4b50;
  const end = await findEnd(source, startsAsZip);
  const directory = end ? await readDirectoryBounds(source, end) : null;
  let listed = 0;
  let start = 0;
  if (directory) {
    if (directory.entries > MAX_ARCHIVE_ENTRIES)
      return { kind: 'too_many', entries: directory.entries };
    const checked = await checkDirectory(source, directory);
    if (checked.unsafe) return { kind: 'zip', entries: directory.entries, unsafe: checked.unsafe };
    listed = checked.entries;
    start = directory.shift;
  }
  const walked = await walkLocalHeaders(source, start);
  if (walked.unsafe)
    return { kind: 'zip', entries: Math.max(listed, walked.entries), unsafe: walked.unsafe };
  if (!directory && walked.entries === 0) return { kind: 'not_zip' };
  return { kind: 'zip', entries: Math.max(listed, walked.entries), unsafe: null };
}

/**
 * One sentence saying why the file cannot be attached because of what is inside it, or null.
 * `label` names the file ("backup.zip", or "This file" where no name is known).
 */
export async function archiveRefusal(source: ByteSource, label: string): Promise<string | null> {
  const found = await inspectZip(source);
  if (found.kind === 'too_many')
    return `${label} is a zip archive of ${found.entries} files, more than ${MAX_ARCHIVE_ENTRIES}; split it into smaller archives.`;
  if (found.kind === 'zip' && found.unsafe)
    return `${label} contains "${printable(found.unsafe.name)}", which would be unpacked outside the folder it is extracted to (${found.unsafe.problem}). Archives with such entries cannot be attached; re-create it with plain relative names.`;
  return null;
}

interface Directory {
  entries: number;
  size: number;
  offset: number;
  shift: number;
}

/** The central directory's entries; stops (without a verdict) where the table is damaged. */
async function checkDirectory(
  source: ByteSource,
  directory: Directory,
): Promise<{ entries: number; unsafe: UnsafeEntry | null }> {
  const table = await source.read(directory.offset, directory.size);
  let at = 0;
  for (let i = 0; i < directory.entries; i++) {
    if (at + 46 > table.length || u32(table, at) !== SIG_CENTRAL)
      return { entries: i, unsafe: null };
    const madeBy = u16(table, at + 4);
    const flags = u16(table, at + 8);
    const nameLength = u16(table, at + 28);
    const extraLength = u16(table, at + 30);
    const commentLength = u16(table, at + 32);
    const externalAttributes = u32(table, at + 38);
    const nameBytes = table.subarray(at + 46, at + 46 + nameLength);
    const extra = table.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength);
    const localOffset = zip64LocalOffset(table, at, extra) ?? u32(table, at + 42);
    const name = decodeName(nameBytes, flags);
    const unsafe =
      checkName(name) ??
      checkExtraNames(extra) ??
      (madeBy >> 8 === UNIX_HOST && ((externalAttributes >>> 16) & S_IFMT) === S_IFLNK
        ? { name, problem: 'it is a symbolic link, which can point anywhere on the computer' }
        : null) ??
      (await checkLocalHeader(source, localOffset + directory.shift));
    if (unsafe) return { entries: i + 1, unsafe };
    at += 46 + nameLength + extraLength + commentLength;
  }
  return { entries: directory.entries, unsafe: null };
}

/**
 * Local headers one after another from `start`, as a streaming extractor reads them. Stops at
 * anything that is not a whole local header, and at an entry whose size only its data
 * descriptor gives (there the directory, checked above, is what finds the next entry).
 */
async function walkLocalHeaders(
  source: ByteSource,
  start: number,
): Promise<{ entries: number; unsafe: UnsafeEntry | null }> {
  let at = start;
  let entries = 0;
  while (entries < MAX_ARCHIVE_ENTRIES && at + 30 <= source.size) {
    const header = await source.read(at, 30);
    if (u32(header, 0) !== SIG_LOCAL) break;
    const flags = u16(header, 6);
    const compressed = u32(header, 18);
    const nameLength = u16(header, 26);
    const extraLength = u16(header, 28);
    if (at + 30 + nameLength + extraLength > source.size) break;
    const rest = await source.read(at + 30, nameLength + extraLength);
    entries += 1;
    const unsafe =
      checkName(decodeName(rest.subarray(0, nameLength), flags)) ??
      checkExtraNames(rest.subarray(nameLength));
    if (unsafe) return { entries, unsafe };
    if (flags & 0x8 || compressed === 0xffffffff) break;
    at += 30 + nameLength + extraLength + compressed;
  }
  return { entries, unsafe: null };
}

function checkName(name: string): UnsafeEntry | null {
  const problem = unsafeEntryName(name);
  return problem ? { name, problem } : null;
}

function checkExtraNames(extra: Uint8Array): UnsafeEntry | null {
  for (let at = 0; at + 4 <= extra.length;) {
    const id = u16(extra, at);
    const size = u16(extra, at + 2);
    // version (1 byte) and the CRC of the plain name (4 bytes) come before the UTF-8 name
    if (id === EXTRA_UNICODE_PATH && size > 5) {
      const found = checkName(decodeName(extra.subarray(at + 9, at + 4 + size), 0x800));
      if (found) return found;
    }
    at += 4 + size;
  }
  return null;
}

/** The local header's offset from a zip64 extra field, when the directory entry defers to it. */
function zip64LocalOffset(table: Uint8Array, at: number, extra: Uint8Array): number | null {
  if (u32(table, at + 42) !== 0xffffffff) return null;
  for (let e = 0; e + 4 <= extra.length; e += 4 + u16(extra, e + 2)) {
    if (u16(extra, e) !== 0x0001) continue;
    // present in this order, each only when its 32-bit field is full
    let field = e + 4;
    if (u32(table, at + 24) === 0xffffffff) field += 8;
    if (u32(table, at + 20) === 0xffffffff) field += 8;
    return u64(extra, field);
  }
  return null;
}

async function checkLocalHeader(source: ByteSource, offset: number): Promise<UnsafeEntry | null> {
  const header = await source.read(offset, 30);
  if (header.length < 30 || u32(header, 0) !== SIG_LOCAL) return null;
  const nameLength = u16(header, 26);
  const extraLength = u16(header, 28);
  const rest = await source.read(offset + 30, nameLength + extraLength);
  const name = decodeName(rest.subarray(0, nameLength), u16(header, 6));
  return checkName(name) ?? checkExtraNames(rest.subarray(nameLength));
}

interface EndRecord {
  at: number;
  entries: number;
  size: number;
  offset: number;
}

/**
 * The end-of-central-directory record. A file that starts like a zip takes the last signature
 * found; any other file only one that ends exactly where its comment says, as an archive with
 * something glued in front of it does (readers still open those), so random bytes that happen to
 * contain the signature are not mistaken for an archive.
 */
async function findEnd(source: ByteSource, startsAsZip: boolean): Promise<EndRecord | null> {
  if (source.size < END_BYTES) return null;
  const tailStart = Math.max(0, source.size - END_BYTES - MAX_COMMENT);
  const tail = await source.read(tailStart, source.size - tailStart);
  let loose: EndRecord | null = null;
  for (let i = tail.length - END_BYTES; i >= 0; i--) {
    if (u32(tail, i) !== SIG_END) continue;
    const record = {
      at: tailStart + i,
      entries: u16(tail, i + 10),
      size: u32(tail, i + 12),
      offset: u32(tail, i + 16),
    };
    if (i + END_BYTES + u16(tail, i + 20) === tail.length) return record;
    loose ??= record;
  }
  return startsAsZip ? loose : null;
}

async function readDirectoryBounds(source: ByteSource, end: EndRecord): Promise<Directory | null> {
  let { entries, size, offset } = end;
  let directoryEnd = end.at;
  if (entries === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    if (end.at < 20 + 56) return null;
    const locator = await source.read(end.at - 20, 20);
    if (u32(locator, 0) !== SIG_END64_LOCATOR) return null;
    // The zip64 end record sits just before its locator (unless it carries extra data, then
    // only its recorded offset finds it).
    let at64 = end.at - 20 - 56;
    let record = await source.read(at64, 56);
    if (u32(record, 0) !== SIG_END64) {
      at64 = u64(locator, 8);
      record = await source.read(at64, 56);
    }
    if (record.length < 56 || u32(record, 0) !== SIG_END64) return null;
    entries = u64(record, 32);
    size = u64(record, 40);
    offset = u64(record, 48);
    directoryEnd = at64;
  }
  if (size > directoryEnd) return null;
  // Bytes glued in front of the archive move everything; readers find the directory just
  // before the end record, and so do we.
  const shift = directoryEnd - size - offset;
  if (shift < 0) return null;
  if (entries > 0) {
    const first = await source.read(offset + shift, 4);
    if (u32(first, 0) !== SIG_CENTRAL) return null;
  }
  return { entries, size, offset: offset + shift, shift };
}

/** Names are UTF-8 when flag bit 11 says so, else the old DOS code page (read as Latin-1). */
function decodeName(bytes: Uint8Array, flags: number): string {
  const latin1 = () => Array.from(bytes, (b) => String.fromCharCode(b)).join('');
  if (!(flags & 0x800)) return latin1();
  try {
    return decodeURIComponent(
      Array.from(bytes, (b) => `%${b.toString(16).padStart(2, '0')}`).join(''),
    );
  } catch {
    return latin1();
  }
}

/** An entry name fit for a message: control characters shown as "?", long names shortened. */
function printable(name: string): string {
  // eslint-disable-next-line no-control-regex
  const shown = name.replace(/[\u0000-\u001f\u007f]/g, '?');
  return shown.length > 120 ? `${shown.slice(0, 117)}...` : shown;
}
