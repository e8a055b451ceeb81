import { describe, expect, it } from 'vitest';
import { iccDescription } from '../../core/catalog/icc-profile';
import { imageSignature } from '../../core/catalog/image-signature';
import { catalogId, isCatalogId } from '../../core/catalog/thumbnail-cache';

/** Builds a minimal ICC profile with one `desc` tag holding `tag`. */
function profileWith(tag: Buffer): Buffer {
  const header = Buffer.alloc(132);
  header.write('acsp', 36, 'latin1');
  header.writeUInt32BE(1, 128);
  const entry = Buffer.alloc(12);
  entry.write('desc', 0, 'latin1');
  entry.writeUInt32BE(144, 4);
  entry.writeUInt32BE(tag.length, 8);
  const all = Buffer.concat([header, entry, tag]);
  all.writeUInt32BE(all.length, 0);
  return all;
}

function v2Desc(text: string): Buffer {
  const body = Buffer.alloc(12 + text.length + 1 + 80);
  body.write('desc', 0, 'latin1');
  body.writeUInt32BE(text.length + 1, 8);
  body.write(text, 12, 'latin1');
  return body;
}

function v4Mluc(records: Array<[string, string]>): Buffer {
  const head = Buffer.alloc(16 + records.length * 12);
  head.write('mluc', 0, 'latin1');
  head.writeUInt32BE(records.length, 8);
  head.writeUInt32BE(12, 12);
  const strings: Buffer[] = [];
  let offset = head.length;
  records.forEach(([lang, text], i) => {
    const utf16 = Buffer.from(text, 'utf16le').swap16();
    head.write(lang.slice(0, 2), 16 + i * 12, 'latin1');
    head.write(lang.slice(2), 18 + i * 12, 'latin1');
    head.writeUInt32BE(utf16.length, 20 + i * 12);
    head.writeUInt32BE(offset, 24 + i * 12);
    offset += utf16.length;
    strings.push(utf16);
  });
  return Buffer.concat([head, ...strings]);
}

describe('iccDescription', () => {
  it('reads a v2 (ASCII) description', () => {
    expect(iccDescription(profileWith(v2Desc('Adobe RGB (1998)')))).toBe('Adobe RGB (1998)');
  });

  it('reads a v4 (mluc) description, preferring English', () => {
    expect(
      iccDescription(
        profileWith(
          v4Mluc([
            ['deDE', 'Farbraum'],
            ['enUS', 'Display P3 – Ü'],
          ]),
        ),
      ),
    ).toBe('Display P3 – Ü');
    expect(iccDescription(profileWith(v4Mluc([['frFR', 'Profil']])))).toBe('Profil');
  });

  it('gives null for no profile, a truncated one, or a tag pointing outside it', () => {
    expect(iccDescription(undefined)).toBeNull();
    expect(iccDescription(Buffer.alloc(40))).toBeNull();
    const p = profileWith(v2Desc('Adobe RGB (1998)'));
    expect(iccDescription(p.subarray(0, 150))).toBeNull();
    const lying = Buffer.from(p);
    lying.writeUInt32BE(1_000_000, 132 + 8);
    expect(iccDescription(lying)).toBeNull();
  });
});

describe('imageSignature', () => {
  it('recognises TIFF (both byte orders), JPEG, PNG and nothing in text', () => {
    expect(imageSignature(Buffer.from([0x49, 0x49, 0x2a, 0, 8, 0, 0, 0]))).toBe('TIFF');
    expect(imageSignature(Buffer.from([0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8]))).toBe('TIFF');
    expect(imageSignature(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('JPEG');
    expect(imageSignature(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('PNG');
    expect(imageSignature(Buffer.from('II this is a text file'))).toBeNull();
    expect(imageSignature(new Uint8Array(0))).toBeNull();
  });
});

describe('catalogId', () => {
  it('changes with path, size or mtime and is always a cache-safe id', () => {
    const a = catalogId('/art/a.tif', 10, 1000);
    expect(isCatalogId(a)).toBe(true);
    expect(catalogId('/art/a.tif', 10, 1000)).toBe(a);
    expect(
      new Set([
        a,
        catalogId('/art/b.tif', 10, 1000),
        catalogId('/art/a.tif', 11, 1000),
        catalogId('/art/a.tif', 10, 1001),
      ]).size,
    ).toBe(4);
    for (const bad of ['../etc/passwd', `${a}/..`, a.toUpperCase(), `${a}.webp`, ''])
      expect(isCatalogId(bad)).toBe(false);
  });
});
