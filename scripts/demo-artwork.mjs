// Writes a few small sample artworks (TIFF, JPEG, PNG with colour gradients) for the demo.
import sharp from 'sharp';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: demo-artwork.mjs DIR');
  process.exit(2);
}
const series = join(dir, 'Harbour series');
await mkdir(series, { recursive: true });
const works = [
  ['Harbour series/dawn.tif', [224, 122, 63], 'tiff'],
  ['Harbour series/noon.jpg', [63, 142, 224], 'jpeg'],
  ['Harbour series/dusk.png', [120, 63, 224], 'png'],
  ['portrait-of-ada.tif', [63, 200, 140], 'tiff'],
];
for (const [name, [r, g, b], format] of works) {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="rgb(${r},${g},${b})"/><stop offset="1" stop-color="rgb(${b},${r},${g})"/></linearGradient></defs><rect width="1200" height="800" fill="url(#g)"/><circle cx="800" cy="300" r="160" fill="rgba(255,255,255,0.35)"/></svg>`;
  await sharp(Buffer.from(svg)).withIccProfile('srgb').toFormat(format).toFile(join(dir, name));
}
console.error(`demo: wrote ${works.length} sample artworks`);
