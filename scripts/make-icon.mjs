// Draws Copper's app icon (build/icon.png, 1024×1024) with sharp: a copper tile with an
// upload arrow over a print frame. electron-builder makes the macOS .icns and the Windows
// .ico from this PNG. Run again after changing the drawing: node scripts/make-icon.mjs
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const out = fileURLToPath(new URL('../build/icon.png', import.meta.url));
// macOS icons sit on an 824-px rounded square inside the 1024 canvas (Apple's grid).
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1024" height="1024" viewBox="0 0 1024 1024">
  <defs>
    <linearGradient id="cu" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#e0925a"/>
      <stop offset="0.55" stop-color="#b86433"/>
      <stop offset="1" stop-color="#7f3f1d"/>
    </linearGradient>
  </defs>
  <rect x="100" y="100" width="824" height="824" rx="185" fill="url(#cu)"/>
  <rect x="262" y="300" width="500" height="440" rx="36" fill="none" stroke="#fff4ea" stroke-width="44"/>
  <path d="M512 650 V420" stroke="#fff4ea" stroke-width="56" stroke-linecap="round"/>
  <path d="M392 520 L512 400 L632 520" fill="none" stroke="#fff4ea" stroke-width="56"
        stroke-linecap="round" stroke-linejoin="round"/>
</svg>`;
mkdirSync(fileURLToPath(new URL('../build/', import.meta.url)), { recursive: true });
await sharp(Buffer.from(svg)).png({ compressionLevel: 9 }).toFile(out);
console.log(`wrote ${out}`);
