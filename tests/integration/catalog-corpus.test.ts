import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readImage } from '../../core/catalog/image-reader';
import { formatPrintSize, printSize } from '../../shared/print-size';
import { ADOBE_PATCH, CORPUS_XMP, makeArtworkCorpus, type ArtworkCorpus } from '../support/artwork-corpus';
import { ADOBE_RGB, writeRgbProfile } from '../support/icc-profile-writer';

let dir: string;
let corpus: ArtworkCorpus;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'copper-corpus-'));
  corpus = await makeArtworkCorpus(join(dir, 'Artist'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const read = (path: string) => readImage(sharp, path, basename(path), { thumbnailSize: 256, maxPixels: 1e9 });

async function thumbPixel(thumbnail: Buffer, x: number, y: number) {
  const { data, info } = await sharp(thumbnail).raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * info.channels;
  return { rgb: [...data.subarray(at, at + 3)], info };
}

describe('the printer’s corpus', () => {
  it('a layered PSD previews its composite, with its resolution and XMP', async () => {
    const { image, thumbnail } = await read(corpus.layeredPsd);
    expect(image).toMatchObject({
      width: 600,
      height: 400,
      format: 'psd',
      colourMode: 'RGB',
      bitDepth: 8,
      ppi: 300,
      preview: 'composite',
      hasAlpha: false,
      text: { title: 'Layered study', creator: CORPUS_XMP.creator },
    });
    // The composite, not the top layer: blue ground at the top, the red band a third of the way down.
    const top = await thumbPixel(thumbnail, 10, 5);
    expect(top.info).toMatchObject({ width: 256, height: 171 });
    expect(top.rgb[2]).toBeGreaterThan(140);
    const band = await thumbPixel(thumbnail, 10, 60);
    expect(band.rgb[0]).toBeGreaterThan(170);
    expect(formatPrintSize(printSize(image.width, image.height, image.ppi)!)).toBe(
      '2 × 1.3 in · 5.1 × 3.4 cm',
    );
  });

  it('a PSB (large document format) previews like a PSD', async () => {
    const { image, thumbnail } = await read(corpus.psb);
    expect(image).toMatchObject({ width: 400, height: 600, format: 'psb', preview: 'composite' });
    expect((await sharp(thumbnail).metadata()).height).toBe(256);
  });

  it('a PSD saved without a composite shows its embedded preview', async () => {
    const { image, thumbnail } = await read(corpus.previewOnlyPsd);
    expect(image).toMatchObject({ width: 640, height: 480, preview: 'embedded' });
    const px = await thumbPixel(thumbnail, 20, 20);
    expect(px.info).toMatchObject({ width: 160, height: 120 });
    expect(px.rgb[1]).toBeGreaterThan(px.rgb[0]! + 50);
  });

  it('a 16-bit Adobe RGB TIFF is converted to sRGB from its profile (pixel test)', async () => {
    const { image, thumbnail } = await read(corpus.adobeTiff);
    expect(image).toMatchObject({
      bitDepth: 16,
      colourMode: 'RGB',
      profile: 'Adobe RGB (1998)',
      ppi: 300,
    });
    const { rgb } = await thumbPixel(thumbnail, 30, 20);
    // Adobe RGB (204, 102, 51) is sRGB (231, 102, 43) by the published matrices; unconverted it would stay 204.
    ADOBE_PATCH.srgb.forEach((v, i) => expect(Math.abs(rgb[i]! - v)).toBeLessThanOrEqual(4));
  });

  it('a large 8-bit Adobe RGB JPEG (shrunk on load) is still converted to sRGB from its profile', async () => {
    const profile = join(dir, 'adobe-rgb.icc');
    writeFileSync(profile, writeRgbProfile(ADOBE_RGB));
    const path = join(dir, 'adobe-rgb-8bit.jpg');
    // sRGB (231, 102, 43) written as Adobe RGB, about (204, 102, 51), with that profile embedded.
    const [r, g, b] = ADOBE_PATCH.srgb;
    await sharp({ create: { width: 3000, height: 2000, channels: 3, background: { r, g, b } } })
      .withIccProfile(profile)
      .jpeg({ quality: 95 })
      .toFile(path);
    const { image, thumbnail } = await read(path);
    expect(image).toMatchObject({ bitDepth: 8, profile: 'Adobe RGB (1998)', width: 3000 });
    const { rgb } = await thumbPixel(thumbnail, 30, 20);
    // Unconverted, red would stay near 204.
    ADOBE_PATCH.srgb.forEach((v, i) => expect(Math.abs(rgb[i]! - v)).toBeLessThanOrEqual(5));
  });

  it('CMYK with its profile reads as CMYK and previews in sRGB', async () => {
    const { image, thumbnail } = await read(corpus.cmykTiff);
    expect(image).toMatchObject({ colourMode: 'CMYK', profile: expect.stringMatching(/\S/) });
    const { rgb, info } = await thumbPixel(thumbnail, 5, 5);
    expect(info.channels).toBe(3);
    // The source colour was sRGB (190, 96, 48): back through the CMYK profile it stays close.
    expect(Math.abs(rgb[0]! - 190)).toBeLessThan(20);
    expect(Math.abs(rgb[2]! - 48)).toBeLessThan(20);
  });

  it('an EXIF-rotated phone JPEG is shown upright', async () => {
    const { image, thumbnail } = await read(corpus.rotatedJpeg);
    expect(image).toMatchObject({ width: 200, height: 300 });
    expect(await sharp(thumbnail).metadata()).toMatchObject({ width: 171, height: 256 });
  });

  it('an alpha PNG keeps its transparency', async () => {
    const { image, thumbnail } = await read(corpus.alphaPng);
    expect(image.hasAlpha).toBe(true);
    const { data } = await sharp(thumbnail).raw().toBuffer({ resolveWithObject: true });
    expect(data[3]).toBeGreaterThan(100);
    expect(data[3]).toBeLessThan(160);
  });

  it('a 300 ppi JPEG gives its print size and every XMP field', async () => {
    const { image } = await read(corpus.xmpJpeg);
    expect(image).toMatchObject({ width: 3000, height: 2400, ppi: 300, text: CORPUS_XMP });
    expect(printSize(image.width, image.height, image.ppi)).toEqual({ inches: [10, 8], cm: [25.4, 20.3] });
  });

  it('a JPEG named .tif is read by its content and flagged', async () => {
    const { image } = await read(corpus.mislabelled);
    expect(image.format).toBe('jpeg');
    expect(image.mismatch).toBe('really-a-jpeg.tif is named .tif but its content is JPEG.');
  });
});
