/**
 * Draws the app icons (a white net of three nodes on SPD red) as PNG and SVG files in public/.
 * Uses only Node built-ins; run it again after changing the motif: `npm run icons -w apps/web`.
 */
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const RED = [0xe3, 0x00, 0x0f];
const NODES = [
  [0.3, 0.36],
  [0.7, 0.36],
  [0.5, 0.7],
];
const EDGES = [
  [0, 1],
  [1, 2],
  [2, 0],
];
const NODE_R = 0.09;
const LINE_W = 0.04;

function distToSegment(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

/** Whether a point (in motif coordinates 0..1) is white. */
function isMotif(x, y) {
  if (NODES.some(([nx, ny]) => Math.hypot(x - nx, y - ny) <= NODE_R)) return true;
  return EDGES.some(([a, b]) => distToSegment(x, y, NODES[a], NODES[b]) <= LINE_W / 2);
}

function insideRoundedSquare(x, y, r) {
  const cx = Math.min(Math.max(x, r), 1 - r);
  const cy = Math.min(Math.max(y, r), 1 - r);
  return Math.hypot(x - cx, y - cy) <= r;
}

function crc32(buf) {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** Renders the icon at `size` px; `maskable` fills the square and shrinks the motif into the safe zone. */
function png(size, maskable) {
  const SS = 4;
  const scale = maskable ? 0.7 : 1;
  const rows = [];
  for (let py = 0; py < size; py++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let px = 0; px < size; px++) {
      let bg = 0;
      let white = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const x = (px + (sx + 0.5) / SS) / size;
          const y = (py + (sy + 0.5) / SS) / size;
          if (!maskable && !insideRoundedSquare(x, y, 0.18)) continue;
          bg++;
          if (isMotif((x - 0.5) / scale + 0.5, (y - 0.5) / scale + 0.5)) white++;
        }
      }
      const n = SS * SS;
      const w = white / Math.max(bg, 1);
      const o = 1 + px * 4;
      for (let i = 0; i < 3; i++) row[o + i] = Math.round(RED[i] * (1 - w) + 255 * w);
      row[o + 3] = Math.round((255 * bg) / n);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function svg() {
  const s = (v) => +(v * 100).toFixed(2);
  const lines = EDGES.map(
    ([a, b]) => `<line x1="${s(NODES[a][0])}" y1="${s(NODES[a][1])}" x2="${s(NODES[b][0])}" y2="${s(NODES[b][1])}"/>`,
  ).join('');
  const circles = NODES.map(([x, y]) => `<circle cx="${s(x)}" cy="${s(y)}" r="${s(NODE_R)}"/>`).join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" role="img" aria-label="Rotes Netz">` +
    `<rect width="100" height="100" rx="18" fill="#E3000F"/>` +
    `<g stroke="#fff" stroke-width="${s(LINE_W)}">${lines}</g><g fill="#fff">${circles}</g></svg>\n`
  );
}

const out = new URL('../public/', import.meta.url);
writeFileSync(new URL('icons/icon-192.png', out), png(192, false));
writeFileSync(new URL('icons/icon-512.png', out), png(512, false));
writeFileSync(new URL('icons/icon-maskable-512.png', out), png(512, true));
writeFileSync(new URL('logo.svg', out), svg());
writeFileSync(new URL('favicon.svg', out), svg());
console.log('icons written to', out.pathname);
