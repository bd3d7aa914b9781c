/**
 * Draw the app's logos (assets/logo.png 320x320, assets/logo-small.png 128x128) as real PNGs
 * with nothing but node:zlib: a tier mark of three stacked bars (core on top) on a rounded
 * tile. Run: npx tsx scripts/make-logos.ts
 */
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

type Rgba = readonly [number, number, number, number];

const TILE: Rgba = [3, 54, 61, 255];
const BARS: Array<{ top: number; bottom: number; half: number; color: Rgba }> = [
  { top: 0.22, bottom: 0.36, half: 0.14, color: [247, 185, 46, 255] },
  { top: 0.43, bottom: 0.57, half: 0.24, color: [120, 196, 197, 255] },
  { top: 0.64, bottom: 0.78, half: 0.34, color: [229, 237, 238, 255] },
];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Coverage of pixel (x, y) by a rounded rectangle, 4x4 supersampled for smooth edges. */
function inRoundedRect(px: number, py: number, x0: number, y0: number, x1: number, y1: number, r: number): boolean {
  if (px < x0 || px > x1 || py < y0 || py > y1) return false;
  const cx = Math.min(Math.max(px, x0 + r), x1 - r);
  const cy = Math.min(Math.max(py, y0 + r), y1 - r);
  return (px - cx) ** 2 + (py - cy) ** 2 <= r * r;
}

export function drawLogo(size: number): Buffer {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  const samples = 4;
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const u = (x + (sx + 0.5) / samples) / size;
          const v = (y + (sy + 0.5) / samples) / size;
          let color: Rgba | null = inRoundedRect(u, v, 0.02, 0.02, 0.98, 0.98, 0.18) ? TILE : null;
          for (const bar of BARS) if (inRoundedRect(u, v, 0.5 - bar.half, bar.top, 0.5 + bar.half, bar.bottom, 0.04)) color = bar.color;
          if (color) for (let i = 0; i < 4; i++) acc[i]! += color[i]! * (i === 3 ? 1 : color[3] / 255);
        }
      }
      const n = samples * samples;
      const alpha = acc[3]! / n;
      const offset = y * (size * 4 + 1) + 1 + x * 4;
      for (let i = 0; i < 3; i++) raw[offset + i] = alpha > 0 ? Math.round((acc[i]! / n / alpha) * 255) : 0;
      raw[offset + 3] = Math.round(alpha);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', new Uint8Array())]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(new URL('../assets/logo.png', import.meta.url), drawLogo(320));
  writeFileSync(new URL('../assets/logo-small.png', import.meta.url), drawLogo(128));
  console.log('wrote assets/logo.png (320x320) and assets/logo-small.png (128x128)');
}
