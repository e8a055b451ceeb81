import { DOMParser, type Document } from '@xmldom/xmldom';
import type { CatalogText } from '../../shared/models/catalog';

const NS = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  dc: 'http://purl.org/dc/elements/1.1/',
  photoshop: 'http://ns.adobe.com/photoshop/1.0/',
  xmp: 'http://ns.adobe.com/xap/1.0/',
} as const;

/** No title, creator… known. */
export const NO_TEXT: CatalogText = {
  title: null,
  creator: null,
  copyright: null,
  description: null,
  dateCreated: null,
};

/** Longest value kept per field: a label, not a document (the file is untrusted). */
const MAX_FIELD = 2000;

/**
 * The printer's text fields from an image's XMP packet and IPTC-IIM block, XMP first (it is
 * what current software writes), IIM filling what XMP lacks. Both inputs are untrusted bytes
 * from the file; anything malformed gives the empty fields rather than an error.
 */
export function readImageText(xmp: Buffer | string | undefined, iptc: Buffer | undefined): CatalogText {
  const fromXmp = xmp ? parseXmp(typeof xmp === 'string' ? xmp : xmp.toString('utf8')) : NO_TEXT;
  const fromIptc = iptc ? parseIptc(iptc) : NO_TEXT;
  const pick = (k: keyof CatalogText) => fromXmp[k] ?? fromIptc[k];
  return {
    title: pick('title'),
    creator: pick('creator'),
    copyright: pick('copyright'),
    description: pick('description'),
    dateCreated: pick('dateCreated'),
  };
}

/** Reads dc:title, dc:creator, dc:rights, dc:description and photoshop:DateCreated (or xmp:CreateDate). */
export function parseXmp(xml: string): CatalogText {
  // The packet wrapper (<?xpacket … ?>) and trailing padding are fine for an XML parser; a
  // broken packet makes xmldom report errors, which we silence: the fields are just unknown.
  const start = xml.indexOf('<');
  if (start < 0) return NO_TEXT;
  let doc: Document;
  try {
    doc = new DOMParser({ onError: () => {} }).parseFromString(
      xml.slice(start).replace(/\0+$/, ''),
      'text/xml',
    );
  } catch {
    return NO_TEXT;
  }
  if (!doc?.documentElement) return NO_TEXT;
  return {
    title: property(doc, NS.dc, 'title'),
    creator: property(doc, NS.dc, 'creator'),
    copyright: property(doc, NS.dc, 'rights'),
    description: property(doc, NS.dc, 'description'),
    dateCreated: property(doc, NS.photoshop, 'DateCreated') ?? property(doc, NS.xmp, 'CreateDate'),
  };
}

/** A property written as an element (simple, rdf:Alt, rdf:Seq or rdf:Bag) or as an attribute of rdf:Description. */
function property(doc: Document, ns: string, name: string): string | null {
  const el = doc.getElementsByTagNameNS(ns, name)[0];
  if (el) {
    const items = Array.from(el.getElementsByTagNameNS(NS.rdf, 'li'));
    if (items.length > 0) {
      // rdf:Alt: prefer the default language; Seq/Bag (several creators): join them.
      const isAlt = el.getElementsByTagNameNS(NS.rdf, 'Alt').length > 0;
      if (isAlt) {
        const def = items.find((li) => li.getAttribute('xml:lang') === 'x-default') ?? items[0]!;
        return clean(def.textContent);
      }
      return clean(items.map((li) => li.textContent ?? '').join('; '));
    }
    return clean(el.textContent);
  }
  for (const d of Array.from(doc.getElementsByTagNameNS(NS.rdf, 'Description'))) {
    const value = d.getAttributeNS(ns, name);
    if (value) return clean(value);
  }
  return null;
}

/** IPTC-IIM datasets of record 2 we show: 5 Object Name, 80 By-line, 116 Copyright, 120 Caption, 55 Date Created. */
const IIM: Readonly<Record<number, keyof CatalogText>> = {
  5: 'title',
  80: 'creator',
  116: 'copyright',
  120: 'description',
  55: 'dateCreated',
};

/**
 * Reads IPTC-IIM (the raw TIFF tag, or a JPEG's Photoshop APP13 block holding it): each dataset
 * is 0x1C, record, dataset, a 2-byte length, then the value. Repeated By-lines are joined.
 */
export function parseIptc(bytes: Buffer): CatalogText {
  const found: Partial<Record<keyof CatalogText, string[]>> = {};
  let i = bytes.indexOf(Buffer.from([0x1c, 0x02]));
  while (i >= 0 && i + 5 <= bytes.length && bytes[i] === 0x1c) {
    const record = bytes[i + 1]!;
    const dataset = bytes[i + 2]!;
    const length = bytes.readUInt16BE(i + 3);
    if (length & 0x8000) break; // extended lengths are for binary datasets we never show
    const start = i + 5;
    if (start + length > bytes.length) break;
    const field = record === 2 ? IIM[dataset] : undefined;
    if (field) (found[field] ??= []).push(bytes.toString('utf8', start, start + length));
    i = start + length;
  }
  const one = (k: keyof CatalogText) => (found[k] ? clean(found[k].join('; ')) : null);
  const date = one('dateCreated');
  return {
    title: one('title'),
    creator: one('creator'),
    copyright: one('copyright'),
    description: one('description'),
    // IIM dates are CCYYMMDD; show them as XMP does (ISO 8601).
    dateCreated:
      date && /^\d{8}$/.test(date) ? `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6)}` : date,
  };
}

function clean(s: string | null | undefined): string | null {
  if (!s) return null;
  const t = [...s]
    .map((c) => (c.charCodeAt(0) < 32 ? ' ' : c))
    .join('')
    .replace(/ +/g, ' ')
    .trim()
    .slice(0, MAX_FIELD);
  return t ? t : null;
}
