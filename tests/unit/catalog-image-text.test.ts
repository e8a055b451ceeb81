import { describe, expect, it } from 'vitest';
import { parseIptc, parseXmp, readImageText } from '../../core/catalog/image-text';
import { printSize } from '../../shared/print-size';

function iim(fields: [number, string][]): Buffer {
  return Buffer.concat(
    fields.map(([dataset, value]) => {
      const v = Buffer.from(value, 'utf8');
      const head = Buffer.from([0x1c, 2, dataset, 0, 0]);
      head.writeUInt16BE(v.length, 3);
      return Buffer.concat([head, v]);
    }),
  );
}

describe('image text', () => {
  it('reads IPTC-IIM inside a Photoshop APP13 block, joining repeated by-lines', () => {
    const block = Buffer.concat([
      Buffer.from('Photoshop 3.0\x008BIM\x04\x04\x00\x00\x00\x00\x00\x40', 'latin1'),
      iim([
        [5, 'Dune study'],
        [80, 'Ada'],
        [80, 'Grace'],
        [116, '© Ada'],
        [55, '20250102'],
      ]),
    ]);
    expect(parseIptc(block)).toEqual({
      title: 'Dune study',
      creator: 'Ada; Grace',
      copyright: '© Ada',
      description: null,
      dateCreated: '2025-01-02',
    });
  });

  it('stops at a length that runs past the end instead of reading beyond it', () => {
    const cut = iim([[5, 'A title long enough']]).subarray(0, 10);
    expect(parseIptc(cut).title).toBeNull();
  });

  it('reads XMP written as attributes, and prefers XMP over IIM', () => {
    const xmp = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
      <rdf:Description xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"
        xmp:CreateDate="2024-05-06T10:00:00"><dc:title xmlns:dc="http://purl.org/dc/elements/1.1/">Plain title</dc:title>
      </rdf:Description></rdf:RDF></x:xmpmeta>`;
    expect(parseXmp(xmp)).toMatchObject({ title: 'Plain title', dateCreated: '2024-05-06T10:00:00' });
    const both = readImageText(
      xmp,
      iim([
        [5, 'IIM title'],
        [80, 'IIM creator'],
      ]),
    );
    expect(both).toMatchObject({ title: 'Plain title', creator: 'IIM creator' });
  });

  it('gives empty fields for a broken packet, never an exception', () => {
    expect(parseXmp('<x:xmpmeta><rdf:RDF><unclosed')).toMatchObject({ title: null, creator: null });
    expect(parseXmp('no xml at all')).toMatchObject({ title: null });
  });

  it('print size follows from ppi, and is unknown without it', () => {
    expect(printSize(9000, 6000, 300)).toEqual({ inches: [30, 20], cm: [76.2, 50.8] });
    expect(printSize(9000, 6000, null)).toBeNull();
  });
});
