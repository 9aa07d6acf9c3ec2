import yazl from 'yazl';

/**
 * Zip archives for attachment tests. `yazlZip` writes a real archive with yazl (deflated, as
 * archivers write them); yazl refuses hostile names, so `hostileYazlZip` writes each one under a
 * harmless stand-in of the same length and swaps the bytes in afterwards, in the local header and
 * the central directory alike. `rawZip` writes every field by hand, for what no archiver makes:
 * a local name that differs from the directory's, an Info-ZIP Unicode Path, a symbolic link.
 */

export interface YazlEntry {
  name: string;
  data: Buffer;
  mode?: number;
}

export function yazlZip(
  entries: YazlEntry[],
  options: { zip64?: boolean; comment?: string } = {},
): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const entry of entries)
    zip.addBuffer(entry.data, entry.name, {
      ...(entry.mode === undefined ? {} : { mode: entry.mode }),
      ...(options.zip64 ? { forceZip64Format: true } : {}),
    });
  const end: Partial<yazl.EndOptions> = {};
  if (options.zip64) end.forceZip64Format = true;
  if (options.comment !== undefined) end.comment = options.comment;
  zip.end(end as yazl.EndOptions);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

export async function hostileYazlZip(
  entries: YazlEntry[],
  options: { zip64?: boolean } = {},
): Promise<Buffer> {
  const standIns = entries.map((entry, i) => {
    const length = Buffer.byteLength(entry.name);
    const standIn = `q${i}`.padEnd(length, 'q');
    if (standIn.length !== length) throw new Error(`entry name too short: ${entry.name}`);
    return standIn;
  });
  let zip = await yazlZip(
    entries.map((entry, i) => ({ ...entry, name: standIns[i]! })),
    options,
  );
  entries.forEach((entry, i) => {
    zip = replaceAll(zip, Buffer.from(standIns[i]!), Buffer.from(entry.name));
  });
  return zip;
}

function replaceAll(haystack: Buffer, from: Buffer, to: Buffer): Buffer {
  const out = Buffer.from(haystack);
  let at = out.indexOf(from);
  if (at < 0) throw new Error(`stand-in ${from.toString()} not found`);
  while (at >= 0) {
    to.copy(out, at);
    at = out.indexOf(from, at + from.length);
  }
  return out;
}

export interface RawEntry {
  /** The name in the central directory. */
  name: string;
  /** The name in the local header; the directory's name unless given. */
  localName?: string;
  data?: Buffer;
  /** Extra field bytes, written in both headers. */
  extra?: Buffer;
  /** A Unix mode (e.g. 0o120777 for a symbolic link), stored as a Unix-made entry. */
  unixMode?: number;
  /** Written as a local entry only, left out of the central directory. */
  hidden?: boolean;
}

/** A stored (uncompressed) zip, every field written here; `prefix` is glued in front. */
export function rawZip(entries: RawEntry[], options: { prefix?: Buffer } = {}): Buffer {
  const prefix = options.prefix ?? Buffer.alloc(0);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const data = entry.data ?? Buffer.from(`contents of ${entry.name}\n`);
    const extra = entry.extra ?? Buffer.alloc(0);
    const localName = Buffer.from(entry.localName ?? entry.name);
    const name = Buffer.from(entry.name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(localName.length, 26);
    local.writeUInt16LE(extra.length, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(entry.unixMode === undefined ? 20 : (3 << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(extra.length, 30);
    central.writeUInt32LE(((entry.unixMode ?? 0) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    const localRecord = Buffer.concat([local, localName, extra, data]);
    locals.push(localRecord);
    if (!entry.hidden) centrals.push(Buffer.concat([central, name, extra]));
    offset += localRecord.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(centrals.length, 8);
  end.writeUInt16LE(centrals.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([prefix, ...locals, directory, end]);
}

/** An Info-ZIP Unicode Path extra field (0x7075) naming the entry `name`. */
export function unicodePathExtra(name: string): Buffer {
  const utf8 = Buffer.from(name);
  const field = Buffer.alloc(9);
  field.writeUInt16LE(0x7075, 0);
  field.writeUInt16LE(5 + utf8.length, 2);
  field.writeUInt8(1, 4);
  return Buffer.concat([field, utf8]);
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = crcTable[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
