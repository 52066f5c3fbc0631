// Draws the tray and overlay icons at build time (scripts/build.mjs → dist/electron/tray/,
// which packaging takes), so no generated image is committed. By hand, to look at them:
// `node scripts/draw-tray-icons.mjs <dir>`. Plain shapes, supersampled for smooth edges,
// written as PNG with node:zlib, so no image tool or package is needed.
//   tray-<state>.png / tray-<state>@2x.png  16 and 32 px: normal, unread, dnd, offline
//   overlay-unread.png                      16 px: the Windows taskbar overlay (a red dot)
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SS = 4; // samples per pixel side

const BLUE = [47, 111, 235];
const GREY = [134, 142, 150];
const RED = [229, 57, 53];
const PURPLE = [124, 77, 255];
const WHITE = [255, 255, 255];

/** Shapes in a 16-unit square, each `inside(x, y)`; later shapes paint over earlier ones. */
const roundRect = (x0, y0, x1, y1, r) => (x, y) => {
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return x >= x0 && x <= x1 && y >= y0 && y <= y1 && (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const circle = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const triangle = (ax, ay, bx, by, cx, cy) => (x, y) => {
  const s = (px, py, qx, qy) => (x - qx) * (py - qy) - (px - qx) * (y - qy);
  const d1 = s(ax, ay, bx, by), d2 = s(bx, by, cx, cy), d3 = s(cx, cy, ax, ay);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
};


function bubble(color) {
  return [
    [roundRect(1, 2, 15, 12, 3.5), color],
    [triangle(3.5, 11, 3, 15, 8, 11), color],
  ];
}

const STATES = {
  normal: bubble(BLUE),
  unread: [...bubble(BLUE), [circle(12.5, 3.5, 3.5), WHITE], [circle(12.5, 3.5, 2.6), RED]],
  // A crescent moon over the bubble: Do Not Disturb, as the OSes draw it.
  dnd: [...bubble(GREY), [circle(12, 4, 3.8), WHITE], [circle(12, 4, 3), PURPLE], [circle(13.6, 2.8, 2.5), WHITE]],
  // Grey, with a slash: no connection.
  offline: [...bubble(GREY), [(x, y) => Math.abs(x - y) < 1.1 && x > 1.5 && x < 14.5, WHITE], [(x, y) => Math.abs(x - y) < 0.6 && x > 2 && x < 14, RED]],
};


function render(shapes, size) {
  const pixels = Buffer.alloc(size * size * 4);
  const scale = 16 / size;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const x = (px + (sx + 0.5) / SS) * scale;
          const y = (py + (sy + 0.5) / SS) * scale;
          let color = null;
          for (const [inside, c] of shapes) if (inside(x, y)) color = c;
          if (color) {
            r += color[0];
            g += color[1];
            b += color[2];
            a += 1;
          }
        }
      }
      const i = (py * size + px) * 4;
      if (a > 0) {
        pixels[i] = Math.round(r / a);
        pixels[i + 1] = Math.round(g / a);
        pixels[i + 2] = Math.round(b / a);
        pixels[i + 3] = Math.round((255 * a) / (SS * SS));
      }
    }
  }
  return png(size, size, pixels);
}

function png(width, height, rgba) {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function crc32(buf) {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

export function drawTrayIcons(out) {
  mkdirSync(out, { recursive: true });
  for (const [state, shapes] of Object.entries(STATES)) {
    writeFileSync(join(out, `tray-${state}.png`), render(shapes, 16));
    writeFileSync(join(out, `tray-${state}@2x.png`), render(shapes, 32));
  }
  writeFileSync(join(out, 'overlay-unread.png'), render([[circle(8, 8, 7), WHITE], [circle(8, 8, 6), RED]], 16));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'electron', 'tray');
  drawTrayIcons(out);
  console.log(`[parley] tray icons drawn in ${out}`);
}
