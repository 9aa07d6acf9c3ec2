// Draws resources/icon.png: a PTI-orange shield with a gate cut into it, on a dark rounded
// square. Kept as code so the icon can be regenerated without an image editor or an image
// library: shapes are tested per sub-pixel (4×4 per pixel, for smooth edges) and the PNG is
// encoded by hand with node:zlib.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 512;
const SAMPLES = 4;
const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'icon.png');

const ORANGE = [244, 123, 32];
const DARK_TOP = [38, 43, 53];
const DARK_BOTTOM = [22, 25, 31];

// Rounded square, inset so the glyph keeps its weight next to other icons in a dock or taskbar.
const INSET = 24;
const RADIUS = 96;
function inSquare(x, y) {
  const lo = INSET;
  const hi = SIZE - INSET;
  if (x < lo || x > hi || y < lo || y > hi) return false;
  const cx = Math.min(Math.max(x, lo + RADIUS), hi - RADIUS);
  const cy = Math.min(Math.max(y, lo + RADIUS), hi - RADIUS);
  return (x - cx) ** 2 + (y - cy) ** 2 <= RADIUS ** 2;
}

// Shield: straight sides down to MID, then two arcs meeting at the tip. Each arc's circle is
// centred on the MID line and passes through both the side and the tip.
const CX = SIZE / 2;
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
    // The point: the picket narrows to nothing over its top 14 px.
    const point = PICKET_TOP + 14 * (dx / PICKET_HALF);
    if (y >= point) return true;
  }
  return false;
}

function pixel(px, py) {
  let square = 0;
  let shield = 0;
  for (let sy = 0; sy < SAMPLES; sy++) {
    for (let sx = 0; sx < SAMPLES; sx++) {
      const x = px + (sx + 0.5) / SAMPLES;
      const y = py + (sy + 0.5) / SAMPLES;
      if (!inSquare(x, y)) continue;
      square++;
      if (inShield(x, y) && !inGate(x, y)) shield++;
    }
  }
  const n = SAMPLES * SAMPLES;
  if (square === 0) return [0, 0, 0, 0];
  const t = py / (SIZE - 1);
  const dark = DARK_TOP.map((c, i) => c + (DARK_BOTTOM[i] - c) * t);
  // Shield coverage is counted only inside the square, so mixing by shield/square is exact.
  const k = shield / square;
  const rgb = dark.map((c, i) => Math.round(c + (ORANGE[i] - c) * k));
  return [...rgb, Math.round((255 * square) / n)];
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

function encodePng(width, height, rgba) {
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

const rgba = Buffer.alloc(SIZE * SIZE * 4);
for (let y = 0; y < SIZE; y++) {
  for (let x = 0; x < SIZE; x++) rgba.set(pixel(x, y), (y * SIZE + x) * 4);
}
writeFileSync(OUT, encodePng(SIZE, SIZE, rgba));
console.log('wrote resources/icon.png');
