/**
 * A minimal ICC v2 matrix/TRC RGB display profile, written by hand so the tests can embed
 * a real Adobe RGB (1998) profile without shipping one: the header, `desc`, `wtpt`, the
 * three colorants (D50-adapted, as in Adobe's own profile) and one gamma curve per channel.
 */
export interface RgbProfile {
  readonly description: string;
  /** D50-adapted XYZ of the red, green and blue primaries. */
  readonly red: readonly [number, number, number];
  readonly green: readonly [number, number, number];
  readonly blue: readonly [number, number, number];
  /** The tone curve's gamma, in 1/256 steps (Adobe RGB: 563/256 = 2.19921875). */
  readonly gamma256: number;
}

/** Adobe RGB (1998), as Adobe's AdobeRGB1998.icc declares it. */
export const ADOBE_RGB: RgbProfile = {
  description: 'Adobe RGB (1998)',
  red: [0.60974, 0.31111, 0.01947],
  green: [0.20528, 0.62567, 0.06087],
  blue: [0.14919, 0.06322, 0.74457],
  gamma256: 563,
};

const D50: readonly [number, number, number] = [0.9642, 1.0, 0.8249];

export function writeRgbProfile(p: RgbProfile): Buffer {
  const xyz = (v: readonly [number, number, number]) => {
    const b = Buffer.alloc(20);
    b.write('XYZ ', 0, 'latin1');
    v.forEach((n, i) => b.writeInt32BE(Math.round(n * 65536), 8 + i * 4));
    return b;
  };
  const curve = () => {
    const b = Buffer.alloc(14);
    b.write('curv', 0, 'latin1');
    b.writeUInt32BE(1, 8);
    b.writeUInt16BE(p.gamma256, 12);
    return b;
  };
  const desc = () => {
    const text = Buffer.from(`${p.description}\0`, 'latin1');
    const b = Buffer.alloc(12 + text.length + 4 + 4 + 2 + 1 + 67);
    b.write('desc', 0, 'latin1');
    b.writeUInt32BE(text.length, 8);
    text.copy(b, 12);
    return b;
  };
  const text = (s: string) => {
    const t = Buffer.from(`${s}\0`, 'latin1');
    const b = Buffer.alloc(8 + t.length);
    b.write('text', 0, 'latin1');
    t.copy(b, 8);
    return b;
  };
  const tags: [string, Buffer][] = [
    ['desc', desc()],
    ['wtpt', xyz(D50)],
    ['rXYZ', xyz(p.red)],
    ['gXYZ', xyz(p.green)],
    ['bXYZ', xyz(p.blue)],
    ['rTRC', curve()],
    ['gTRC', curve()],
    ['bTRC', curve()],
    ['cprt', text('Test profile made by Copper tests')],
  ];
  const tableSize = 4 + tags.length * 12;
  let at = 128 + tableSize;
  const table = Buffer.alloc(tableSize);
  table.writeUInt32BE(tags.length, 0);
  const bodies: Buffer[] = [];
  tags.forEach(([sig, data], i) => {
    const padded = Buffer.concat([data, Buffer.alloc((4 - (data.length % 4)) % 4)]);
    table.write(sig, 4 + i * 12, 'latin1');
    table.writeUInt32BE(at, 8 + i * 12);
    table.writeUInt32BE(data.length, 12 + i * 12);
    bodies.push(padded);
    at += padded.length;
  });
  const header = Buffer.alloc(128);
  header.writeUInt32BE(at, 0);
  header.writeUInt32BE(0x02100000, 8);
  header.write('mntr', 12, 'latin1');
  header.write('RGB ', 16, 'latin1');
  header.write('XYZ ', 20, 'latin1');
  header.writeUInt16BE(2026, 24);
  header.writeUInt16BE(1, 26);
  header.writeUInt16BE(1, 28);
  header.write('acsp', 36, 'latin1');
  D50.forEach((n, i) => header.writeInt32BE(Math.round(n * 65536), 68 + i * 4));
  return Buffer.concat([header, table, ...bodies]);
}
