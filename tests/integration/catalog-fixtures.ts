import { mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';

/** The fixture folder's files, by role. */
export interface CatalogFixtures {
  readonly root: string;
  readonly plainJpeg: string;
  readonly p3Jpeg: string;
  readonly cmykTiff: string;
  readonly alphaPng: string;
  readonly tiff16: string;
  readonly corruptTiff: string;
  readonly textTif: string;
  readonly empty: string;
  readonly notes: string;
}

const solid = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 190, g: 96, b: 48 } } });

/**
 * Real images made by sharp: JPEG with and without an ICC profile, a CMYK TIFF, a PNG with
 * alpha, a 16-bit TIFF, a TIFF cut in half, a text file named .tif, an empty .jpg, a text
 * note, a hidden file and a symbolic link back up the tree.
 */
export async function makeCatalogFixtures(root: string): Promise<CatalogFixtures> {
  const art = join(root, 'Portfolio');
  mkdirSync(join(art, 'Series'), { recursive: true });
  const f = {
    root: art,
    plainJpeg: join(art, 'plain.jpg'),
    p3Jpeg: join(art, 'Series', 'p3 wide.jpeg'),
    cmykTiff: join(art, 'Series', 'print-cmyk.tif'),
    alphaPng: join(art, 'cut-out.png'),
    tiff16: join(art, 'scan-16bit.tiff'),
    corruptTiff: join(art, 'broken.tif'),
    textTif: join(art, 'readme-named.tif'),
    empty: join(art, 'empty.jpg'),
    notes: join(art, 'notes.txt'),
  };
  await solid(640, 480).jpeg().toFile(f.plainJpeg);
  await solid(300, 600).withIccProfile('p3').jpeg().toFile(f.p3Jpeg);
  await solid(400, 300).withIccProfile('cmyk').tiff().toFile(f.cmykTiff);
  await sharp({
    create: { width: 200, height: 200, channels: 4, background: { r: 0, g: 120, b: 200, alpha: 0.5 } },
  })
    .png()
    .toFile(f.alphaPng);
  writeFileSync(f.tiff16, rgb16Tiff(320, 240));
  await sharp({
    create: {
      width: 800,
      height: 600,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 30 },
    },
  })
    .tiff({ compression: 'none' })
    .toFile(f.corruptTiff);
  truncateSync(f.corruptTiff, 200_000);
  writeFileSync(f.textTif, 'This is a text file that only calls itself a TIFF.\n');
  writeFileSync(f.empty, '');
  writeFileSync(f.notes, 'frame in walnut\n');
  writeFileSync(join(art, '.DS_Store'), 'junk');
  symlinkSync(art, join(art, 'Series', 'loop'));
  return f;
}

/**
 * A 16-bit-per-channel RGB TIFF, uncompressed, written by hand: sharp only writes 8-bit
 * TIFFs, and scanners' 16-bit files are exactly what the catalog must read.
 */
export function rgb16Tiff(width: number, height: number): Buffer {
  const pixels = Buffer.alloc(width * height * 6);
  for (let i = 0; i < width * height * 3; i++) pixels.writeUInt16LE((i * 977) % 65535, i * 2);
  const entries: Array<[tag: number, type: number, count: number, value: number]> = [];
  const ifdAt = 8;
  const ifdSize = 2 + 10 * 12 + 4;
  const bitsAt = ifdAt + ifdSize;
  const dataAt = bitsAt + 6;
  entries.push(
    [256, 4, 1, width],
    [257, 4, 1, height],
    [258, 3, 3, bitsAt],
    [259, 3, 1, 1],
    [262, 3, 1, 2],
    [273, 4, 1, dataAt],
    [277, 3, 1, 3],
    [278, 4, 1, height],
    [279, 4, 1, pixels.length],
    [284, 3, 1, 1],
  );
  const head = Buffer.alloc(dataAt);
  head.write('II', 0, 'latin1');
  head.writeUInt16LE(42, 2);
  head.writeUInt32LE(ifdAt, 4);
  head.writeUInt16LE(entries.length, ifdAt);
  entries.forEach(([tag, type, count, value], i) => {
    const at = ifdAt + 2 + i * 12;
    head.writeUInt16LE(tag, at);
    head.writeUInt16LE(type, at + 2);
    head.writeUInt32LE(count, at + 4);
    if (type === 3 && count === 1) head.writeUInt16LE(value, at + 8);
    else head.writeUInt32LE(value, at + 8);
  });
  head.writeUInt32LE(0, ifdAt + 2 + entries.length * 12);
  for (let c = 0; c < 3; c++) head.writeUInt16LE(16, bitsAt + c * 2);
  return Buffer.concat([head, pixels]);
}
