// Draws Gatedesk's icons into resources/: a PTI-orange shield with a gate cut into it, on a dark
// rounded square, at every size each platform's installer and tray need. Kept as code so the
// icons can be regenerated without an image editor or an image library: shapes are tested per
// sub-pixel (for smooth edges) and PNG, ICO and ICNS are encoded here with node:zlib only.
//
//   node scripts/make-icon.mjs
//
// resources/icon.png      1024 px, the source electron-builder falls back to
// resources/icon.ico      Windows: 16–256 px, PNG entries
// resources/icon.icns     macOS: 16–1024 px, PNG entries (icp4…ic14)
// resources/icons/NxN.png Linux icon set, 16–1024 px
// resources/tray/…        tray icons (plain and with the unread dot, 1× and 2×) and the
//                         Windows taskbar overlay shown while something is unread
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deflateSync } from 'node:zlib';

const RESOURCES = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources');

// Every shape is drawn in a 512-unit design space and scaled to the output size.
const DESIGN = 512;

const ORANGE = [244, 123, 32];
const DARK_TOP = [38, 43, 53];
const DARK_BOTTOM = [22, 25, 31];
const RED = [229, 72, 77];
const WHITE = [255, 255, 255];

// Rounded square, inset so the glyph keeps its weight next to other icons in a dock or taskbar.
const INSET = 24;
const RADIUS = 96;
function inSquare(x, y) {
  const lo = INSET;
  const hi = DESIGN - INSET;
  if (x < lo || x > hi || y < lo || y > hi) return false;
  const cx = Math.min(Math.max(x, lo + RADIUS), hi - RADIUS);
  const cy = Math.min(Math.max(y, lo + RADIUS), hi - RADIUS);
  return (x - cx) ** 2 + (y - cy) ** 2 <= RADIUS ** 2;
}

// Shield: straight sides down to MID, then two arcs meeting at the tip. Each arc's circle is
// centred on the MID line and passes through both the side and the tip.
const CX = DESIGN / 2;
const HALF = 150;
const TOP = 112;
const MID = 262;
const TIP = 428;
const CORNER = 28;
const OFFSET = ((TIP - MID) ** 2 - HALF ** 2) / (2 * HALF);
const ARC = HALF + OFFSET;
function inShield(x, y) {
  if (y < TOP || y > TIP) return false;
  if (y <= MID) {
    if (Math.abs(x - CX) > HALF) return false;
    // Rounded top corners.
    const dx = Math.abs(x - CX) - (HALF - CORNER);
    const dy = TOP + CORNER - y;
    return dx <= 0 || dy <= 0 || dx * dx + dy * dy <= CORNER * CORNER;
  }
  const left = (x - (CX + OFFSET)) ** 2 + (y - MID) ** 2 <= ARC ** 2;
  const right = (x - (CX - OFFSET)) ** 2 + (y - MID) ** 2 <= ARC ** 2;
  return left && right;
}

// Gate: five pickets with pointed tops, held by two rails.
const PICKETS = [-84, -42, 0, 42, 84];
const PICKET_HALF = 8;
const PICKET_TOP = 178;
const PICKET_BOTTOM = 344;
const RAILS = [
  [214, 230],
  [296, 312],
];
function inGate(x, y) {
  for (const [top, bottom] of RAILS) {
    if (y >= top && y <= bottom && Math.abs(x - CX) <= 96) return true;
  }
  for (const offset of PICKETS) {
    const dx = Math.abs(x - (CX + offset));
    if (y > PICKET_BOTTOM || dx > PICKET_HALF) continue;
    // The point: the picket narrows to nothing over its top 14 units.
    const point = PICKET_TOP + 14 * (dx / PICKET_HALF);
    if (y >= point) return true;
  }
  return false;
}

// The unread dot: top right, cut out of the square by a transparent ring so it reads at 16 px.
const DOT = { x: 392, y: 120, r: 120, ring: 28 };
const inCircle = (x, y, c, r) => (x - c.x) ** 2 + (y - c.y) ** 2 <= r * r;

/** One design-space sample: [r, g, b, a] with a of 0 or 1. */
function appSample(x, y, unread) {
  if (unread) {
    if (inCircle(x, y, DOT, DOT.r)) return [...RED, 1];
    if (inCircle(x, y, DOT, DOT.r + DOT.ring)) return [0, 0, 0, 0];
  }
  if (!inSquare(x, y)) return [0, 0, 0, 0];
  if (inShield(x, y) && !inGate(x, y)) return [...ORANGE, 1];
  const t = y / DESIGN;
  return [...DARK_TOP.map((c, i) => c + (DARK_BOTTOM[i] - c) * t), 1];
}

// The taskbar overlay: a red dot with a white rim, the whole image.
function overlaySample(x, y) {
  const centre = { x: DESIGN / 2, y: DESIGN / 2 };
  if (inCircle(x, y, centre, DESIGN / 2 - 56)) return [...RED, 1];
  if (inCircle(x, y, centre, DESIGN / 2 - 8)) return [...WHITE, 1];
  return [0, 0, 0, 0];
}

/** Renders a size×size RGBA image, averaging samples² points per pixel (premultiplied). */
function render(size, sample) {
  const samples = size <= 64 ? 8 : 4;
  const scale = DESIGN / size;
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const [sr, sg, sb, sa] = sample(
            (px + (sx + 0.5) / samples) * scale,
            (py + (sy + 0.5) / samples) * scale,
          );
          r += sr * sa;
          g += sg * sa;
          b += sb * sa;
          a += sa;
        }
      }
      const o = (py * size + px) * 4;
      if (a > 0) {
        rgba[o] = Math.round(r / a);
        rgba[o + 1] = Math.round(g / a);
        rgba[o + 2] = Math.round(b / a);
      }
      rgba[o + 3] = Math.round((255 * a) / (samples * samples));
    }
  }
  return rgba;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

export function encodePng(width, height, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // RGBA
  // Each scanline starts with filter type 0 (none); zlib does the compressing.
  const raw = Buffer.alloc(height * (1 + width * 4));
  for (let y = 0; y < height; y++) {
    rgba.copy(raw, y * (1 + width * 4) + 1, y * width * 4, (y + 1) * width * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * A Windows .ico whose entries are PNGs (supported since Windows Vista). Sizes up to 256; the
 * directory writes 256 as 0.
 * @param {{ size: number, png: Buffer }[]} images
 */
export function encodeIco(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(images.length, 4);
  const directory = Buffer.alloc(16 * images.length);
  let offset = header.length + directory.length;
  images.forEach(({ size, png }, i) => {
    const e = i * 16;
    directory[e] = size >= 256 ? 0 : size; // width
    directory[e + 1] = size >= 256 ? 0 : size; // height
    directory[e + 2] = 0; // no palette
    directory[e + 3] = 0; // reserved
    directory.writeUInt16LE(1, e + 4); // colour planes
    directory.writeUInt16LE(32, e + 6); // bits per pixel
    directory.writeUInt32LE(png.length, e + 8);
    directory.writeUInt32LE(offset, e + 12);
    offset += png.length;
  });
  return Buffer.concat([header, directory, ...images.map((image) => image.png)]);
}

/** ICNS element types that hold a PNG, and the pixel size of each. */
export const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
];

/**
 * A macOS .icns: the 'icns' magic and total length, then one element per type
 * (4-byte type, 4-byte length including the 8 header bytes, PNG data). Big-endian throughout.
 * @param {{ type: string, png: Buffer }[]} elements
 */
export function encodeIcns(elements) {
  const parts = elements.map(({ type, png }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];

function main() {
  const cache = new Map();
  const appPng = (size, unread = false) => {
    const key = `${size}:${unread}`;
    if (!cache.has(key))
      cache.set(
        key,
        encodePng(
          size,
          size,
          render(size, (x, y) => appSample(x, y, unread)),
        ),
      );
    return cache.get(key);
  };
  const write = (relative, data) => {
    const file = join(RESOURCES, relative);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, data);
    console.log(`wrote resources/${relative}`);
  };

  write('icon.png', appPng(1024));
  write('icon.ico', encodeIco(ICO_SIZES.map((size) => ({ size, png: appPng(size) }))));
  write('icon.icns', encodeIcns(ICNS_TYPES.map(([type, size]) => ({ type, png: appPng(size) }))));
  for (const size of LINUX_SIZES) write(`icons/${size}x${size}.png`, appPng(size));
  write('tray/tray.png', appPng(16));
  write('tray/tray@2x.png', appPng(32));
  write('tray/tray-unread.png', appPng(16, true));
  write('tray/tray-unread@2x.png', appPng(32, true));
  write('tray/overlay-unread.png', encodePng(16, 16, render(16, overlaySample)));
  write('tray/overlay-unread@2x.png', encodePng(32, 32, render(32, overlaySample)));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
