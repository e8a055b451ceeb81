/**
 * Text in S3 user metadata (`x-amz-meta-*`). Metadata travels as HTTP headers, which carry
 * printable ASCII only: a name such as "Zoë" or an email with a Unicode local part would be
 * refused or mangled. Such values are written as one RFC 2047 encoded word
 * (`=?UTF-8?B?<base64>?=`), which is what AWS itself returns for non-ASCII metadata, and read
 * back with decodeMetadataText (which also accepts the `Q` form and several words).
 */

const printableAscii = /^[\x20-\x7e]*$/;
const encodedWord = /=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g;

/** Makes a metadata value header-safe; plain ASCII (the usual email address) is kept as is. */
export function encodeMetadataText(value: string): string {
  const plain =
    printableAscii.test(value) &&
    value.trim() === value &&
    // A plain value that looks encoded would be decoded on the way back: encode it too.
    !/=\?[^?]*\?[bBqQ]\?/.test(value);
  if (plain) return value;
  return `=?UTF-8?B?${Buffer.from(value.normalize('NFC'), 'utf8').toString('base64')}?=`;
}

/** Reads a metadata value written by encodeMetadataText (or by AWS's own RFC 2047 encoding). */
export function decodeMetadataText(value: string): string {
  if (!value.includes('=?')) return value;
  // Whitespace between two adjacent encoded words is not part of the text (RFC 2047 §6.2).
  const joined = value.replace(/\?=\s+=\?/g, '?==?');
  return joined.replace(encodedWord, (whole, charset: string, kind: string, text: string) => {
    const label = charset.toLowerCase().split('*')[0]!;
    if (label !== 'utf-8' && label !== 'us-ascii' && label !== 'iso-8859-1') return whole;
    let bytes: Buffer;
    if (kind.toUpperCase() === 'B') {
      bytes = Buffer.from(text, 'base64');
    } else {
      const q = text
        .replace(/_/g, ' ')
        .replace(/=([0-9a-fA-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
      bytes = Buffer.from(q, 'latin1');
    }
    return bytes.toString(label === 'iso-8859-1' ? 'latin1' : 'utf8');
  });
}
