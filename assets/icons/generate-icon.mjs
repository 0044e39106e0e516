// Draws assets/icons/icon.png (512x512 RGBA): a blue rounded square holding a table (a header
// bar and three rows) and an upload arrow. Plain Node (zlib), no image tools needed.
// Run: node assets/icons/generate-icon.mjs
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const size = 512;
const pixels = new Float64Array(size * size * 4); // premultiplied RGBA, 0..1

/** Signed distance to a rounded rectangle (negative inside). */
function roundRect(x, y, [x0, y0, x1, y1, r]) {
  const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
  const qx = Math.abs(x - cx) - ((x1 - x0) / 2 - r);
  const qy = Math.abs(y - cy) - ((y1 - y0) / 2 - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

/** Signed distance (approximate outside, exact inside) to a convex polygon. */
function polygon(x, y, points) {
  let inside = -Infinity;
  for (let i = 0; i < points.length; i += 1) {
    const [ax, ay] = points[i];
    const [bx, by] = points[(i + 1) % points.length];
    const ex = bx - ax, ey = by - ay;
    const len = Math.hypot(ex, ey);
    inside = Math.max(inside, ((x - ax) * ey - (y - ay) * ex) / len);
  }
  return inside;
}

function paint(shape, [r, g, b, a]) {
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const coverage = Math.min(1, Math.max(0, 0.5 - shape(x + 0.5, y + 0.5))) * a;
      if (coverage === 0) continue;
      const i = (y * size + x) * 4;
      pixels[i] = r * coverage + pixels[i] * (1 - coverage);
      pixels[i + 1] = g * coverage + pixels[i + 1] * (1 - coverage);
      pixels[i + 2] = b * coverage + pixels[i + 2] * (1 - coverage);
      pixels[i + 3] = coverage + pixels[i + 3] * (1 - coverage);
    }
  }
}

const blue = [0x1f / 255, 0x4f / 255, 0xd1 / 255, 1];
const white = [1, 1, 1, 1];
paint((x, y) => roundRect(x, y, [24, 24, 488, 488, 100]), blue);
paint((x, y) => roundRect(x, y, [92, 116, 420, 396, 32]), [1, 1, 1, 0.16]);
paint((x, y) => roundRect(x, y, [120, 146, 392, 190, 14]), white);
for (const top of [216, 272, 328]) paint((x, y) => roundRect(x, y, [120, top, 296, top + 34, 12]), [1, 1, 1, 0.85]);
// The upload arrow: a triangular head over a rounded shaft.
paint((x, y) => polygon(x, y, [[356, 206], [410, 270], [302, 270]]), white);
paint((x, y) => roundRect(x, y, [338, 262, 374, 362, 8]), white);

// PNG encoding: signature, IHDR, one IDAT (filter 0 per row), IEND.
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
const raw = Buffer.alloc(size * (size * 4 + 1));
for (let y = 0; y < size; y += 1) {
  for (let x = 0; x < size; x += 1) {
    const i = (y * size + x) * 4;
    const alpha = pixels[i + 3];
    const o = y * (size * 4 + 1) + 1 + x * 4;
    for (let c = 0; c < 3; c += 1) raw[o + c] = Math.round(alpha === 0 ? 0 : (pixels[i + c] / alpha) * 255);
    raw[o + 3] = Math.round(alpha * 255);
  }
}
const header = Buffer.alloc(13);
header.writeUInt32BE(size, 0);
header.writeUInt32BE(size, 4);
header.set([8, 6, 0, 0, 0], 8);
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(fileURLToPath(new URL('./icon.png', import.meta.url)), png);
console.log(`wrote icon.png (${png.length} bytes)`);
