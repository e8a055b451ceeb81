import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writePsdBuffer, type Psd } from 'ag-psd';
import sharp from 'sharp';
import { rawToTiff } from '../../core/catalog/raw-tiff';
import { ADOBE_RGB, writeRgbProfile } from './icc-profile-writer';

/** The corpus' files by role, and what each must read as. */
export interface ArtworkCorpus {
  readonly root: string;
  /** 600 × 400 RGB, three layers, composite saved, 300 ppi, XMP title. */
  readonly layeredPsd: string;
  /** The same as a PSB (large document format), 400 × 600. */
  readonly psb: string;
  /** A PSD without a composite, only its embedded JPEG preview (160 × 120). */
  readonly previewOnlyPsd: string;
  /** 16-bit Adobe RGB (1998) TIFF, one flat patch: ADOBE_PATCH_16. */
  readonly adobeTiff: string;
  /** CMYK TIFF with sharp's built-in CMYK profile. */
  readonly cmykTiff: string;
  /** A phone photo stored 300 × 200 with EXIF orientation 6 (shown 200 × 300). */
  readonly rotatedJpeg: string;
  /** 240 × 240 PNG, half transparent. */
  readonly alphaPng: string;
  /** 3000 × 2400 JPEG at 300 ppi with XMP title, creator, rights, description, date. */
  readonly xmpJpeg: string;
  /** A JPEG named .tif. */
  readonly mislabelled: string;
}

/** The Adobe RGB patch (R, G, B out of 1) and its sRGB value, from the published matrices. */
export const ADOBE_PATCH = { adobe: [0.8, 0.4, 0.2], srgb: [231, 102, 43] } as const;

/** The XMP written into the corpus' 300 ppi JPEG. */
export const CORPUS_XMP = {
  title: 'Harbour at dawn',
  creator: 'Ada Lovelace',
  copyright: '© 2026 Ada Lovelace',
  description: 'Study for the large harbour print',
  dateCreated: '2026-03-14',
};

function xmpPacket(t: typeof CORPUS_XMP): string {
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:DateCreated="${t.dateCreated}">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${t.title}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>${t.creator}</rdf:li></rdf:Seq></dc:creator>
   <dc:rights><rdf:Alt><rdf:li xml:lang="x-default">${t.copyright}</rdf:li></rdf:Alt></dc:rights>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">${t.description}</rdf:li></rdf:Alt></dc:description>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}

/** RGBA pixels: a solid colour, or a band of it over the rest (so layers differ). */
function pixels(width: number, height: number, rgba: [number, number, number, number], band?: number) {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const on = band === undefined || (y >= band && y < band + height / 4);
      data.set(on ? rgba : [0, 0, 0, 0], (y * width + x) * 4);
    }
  return { width, height, data };
}

function layeredPsd(width: number, height: number, preview?: Buffer): Psd {
  const composite = pixels(width, height, [40, 90, 160, 255]);
  // The composite shows the red band the top layer paints.
  for (let y = Math.floor(height / 4); y < height / 2; y++)
    for (let x = 0; x < width; x++) composite.data.set([200, 40, 40, 255], (y * width + x) * 4);
  return {
    width,
    height,
    imageData: composite,
    children: [
      { name: 'Background', imageData: pixels(width, height, [40, 90, 160, 255]) },
      { name: 'Band', imageData: pixels(width, height, [200, 40, 40, 255], Math.floor(height / 4)) },
      { name: 'Hidden note', hidden: true, imageData: pixels(width, height, [255, 255, 0, 255], 0) },
    ],
    imageResources: {
      resolutionInfo: {
        horizontalResolution: 300,
        horizontalResolutionUnit: 'PPI',
        widthUnit: 'Inches',
        verticalResolution: 300,
        verticalResolutionUnit: 'PPI',
        heightUnit: 'Inches',
      },
      xmpMetadata: xmpPacket({ ...CORPUS_XMP, title: 'Layered study' }),
      ...(preview ? { thumbnailRaw: { width: 160, height: 120, data: preview } } : {}),
    },
  };
}

/**
 * Writes the printer's corpus: real files as artists bring them (layered PSD, PSB, a PSD with
 * only its preview, 16-bit Adobe RGB TIFF, CMYK TIFF with a profile, EXIF-rotated phone JPEG,
 * alpha PNG, 300 ppi JPEG with XMP, a JPEG named .tif).
 */
export async function makeArtworkCorpus(root: string): Promise<ArtworkCorpus> {
  mkdirSync(join(root, 'Print files'), { recursive: true });
  const f: ArtworkCorpus = {
    root,
    layeredPsd: join(root, 'Print files', 'layered study.psd'),
    psb: join(root, 'Print files', 'large format.psb'),
    previewOnlyPsd: join(root, 'Print files', 'preview only.psd'),
    adobeTiff: join(root, 'Print files', 'adobe-rgb-16bit.tif'),
    cmykTiff: join(root, 'Print files', 'proof-cmyk.tif'),
    rotatedJpeg: join(root, 'phone 9000x6000.jpg'),
    alphaPng: join(root, 'cut-out.png'),
    xmpJpeg: join(root, 'harbour-300ppi.jpg'),
    mislabelled: join(root, 'really-a-jpeg.tif'),
  };
  writeFileSync(f.layeredPsd, writePsdBuffer(layeredPsd(600, 400)));
  writeFileSync(f.psb, writePsdBuffer(layeredPsd(400, 600), { psb: true }));
  const preview = await sharp({ create: { width: 160, height: 120, channels: 3, background: '#2a7f62' } })
    .jpeg()
    .toBuffer();
  const noComposite = layeredPsd(640, 480, preview);
  delete noComposite.imageData;
  writeFileSync(f.previewOnlyPsd, writePsdBuffer(noComposite));

  const [r, g, b] = ADOBE_PATCH.adobe.map((v) => Math.round(v * 65535));
  const patch = Buffer.alloc(64 * 48 * 6);
  for (let i = 0; i < 64 * 48; i++) {
    patch.writeUInt16LE(r!, i * 6);
    patch.writeUInt16LE(g!, i * 6 + 2);
    patch.writeUInt16LE(b!, i * 6 + 4);
  }
  writeFileSync(
    f.adobeTiff,
    rawToTiff({
      data: patch,
      width: 64,
      height: 48,
      channels: 3,
      bits: 16,
      icc: writeRgbProfile(ADOBE_RGB),
      ppi: 300,
    }),
  );
  await sharp({ create: { width: 400, height: 300, channels: 3, background: { r: 190, g: 96, b: 48 } } })
    .withIccProfile('cmyk')
    .tiff()
    .toFile(f.cmykTiff);
  await sharp({ create: { width: 300, height: 200, channels: 3, background: '#c08040' } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .toFile(f.rotatedJpeg);
  await sharp({
    create: { width: 240, height: 240, channels: 4, background: { r: 0, g: 120, b: 200, alpha: 0.5 } },
  })
    .png()
    .toFile(f.alphaPng);
  await sharp({ create: { width: 3000, height: 2400, channels: 3, background: '#6a8caf' } })
    .jpeg()
    .withMetadata({ density: 300 })
    .withXmp(xmpPacket(CORPUS_XMP))
    .toFile(f.xmpJpeg);
  await sharp({ create: { width: 120, height: 90, channels: 3, background: '#999' } })
    .jpeg()
    .toFile(f.mislabelled);
  return f;
}
