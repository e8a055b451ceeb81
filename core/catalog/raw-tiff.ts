/** Pixels to wrap in a TIFF. */
export interface RawTiffInput {
  /** Interleaved samples; 16-bit samples little-endian. */
  readonly data: Buffer;
  readonly width: number;
  readonly height: number;
  /** 1 grey, 3 RGB, 4 RGB + alpha or CMYK (see `cmyk`). */
  readonly channels: 1 | 3 | 4;
  readonly bits: 8 | 16;
  readonly cmyk?: boolean;
  /** An ICC profile to embed as the pixels' colour space. */
  readonly icc?: Buffer;
  /** Pixels per inch to record. */
  readonly ppi?: number;
}

const SHORT = 3;
const LONG = 4;
const RATIONAL = 5;
const UNDEFINED = 7;

/**
 * Wraps raw pixels in an uncompressed little-endian TIFF, with an embedded ICC profile. sharp
 * cannot attach an input profile to raw pixels, so this is how a PSD composite (whose profile
 * sits in an image resource) gets colour-converted to sRGB by libvips like any other image.
 */
export function rawToTiff(input: RawTiffInput): Buffer {
  const { width, height, channels, bits } = input;
  const alpha = channels === 4 && !input.cmyk;
  const photometric = channels === 1 ? 1 : input.cmyk ? 5 : 2;
  const entries: [tag: number, type: number, count: number, value: number | Buffer][] = [];
  const shorts = (values: number[]) => {
    const b = Buffer.alloc(values.length * 2);
    values.forEach((v, i) => b.writeUInt16LE(v, i * 2));
    return b;
  };
  const rational = (v: number) => {
    const b = Buffer.alloc(8);
    b.writeUInt32LE(Math.round(v * 1000), 0);
    b.writeUInt32LE(1000, 4);
    return b;
  };
  const pixelBytes = width * height * channels * (bits / 8);
  if (input.data.length < pixelBytes)
    throw new Error('rawToTiff: fewer bytes than width × height × channels');
  entries.push([256, LONG, 1, width], [257, LONG, 1, height]);
  entries.push([258, SHORT, channels, channels <= 2 ? bits : shorts(Array(channels).fill(bits))]);
  entries.push([259, SHORT, 1, 1], [262, SHORT, 1, photometric], [273, LONG, 1, 0]);
  entries.push([277, SHORT, 1, channels], [278, LONG, 1, height], [279, LONG, 1, pixelBytes]);
  if (input.ppi)
    entries.push([282, RATIONAL, 1, rational(input.ppi)], [283, RATIONAL, 1, rational(input.ppi)]);
  entries.push([284, SHORT, 1, 1]);
  if (input.ppi) entries.push([296, SHORT, 1, 2]);
  if (alpha) entries.push([338, SHORT, 1, 2]);
  if (input.icc) entries.push([34675, UNDEFINED, input.icc.length, input.icc]);

  const ifdSize = 2 + entries.length * 12 + 4;
  let extraAt = 8 + ifdSize;
  const extras: Buffer[] = [];
  const ifd = Buffer.alloc(ifdSize);
  ifd.writeUInt16LE(entries.length, 0);
  const stripOffsetField: number[] = [];
  entries.forEach(([tag, type, count, value], i) => {
    const at = 2 + i * 12;
    ifd.writeUInt16LE(tag, at);
    ifd.writeUInt16LE(type, at + 2);
    ifd.writeUInt32LE(count, at + 4);
    if (typeof value === 'number') {
      if (type === SHORT) ifd.writeUInt16LE(value, at + 8);
      else ifd.writeUInt32LE(value, at + 8);
      if (tag === 273) stripOffsetField.push(at + 8);
    } else if (value.length <= 4) {
      value.copy(ifd, at + 8);
    } else {
      ifd.writeUInt32LE(extraAt, at + 8);
      const padded = value.length % 2 ? Buffer.concat([value, Buffer.alloc(1)]) : value;
      extras.push(padded);
      extraAt += padded.length;
    }
  });
  for (const at of stripOffsetField) ifd.writeUInt32LE(extraAt, at);
  const header = Buffer.from([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]);
  return Buffer.concat([header, ifd, ...extras, input.data.subarray(0, pixelBytes)]);
}
