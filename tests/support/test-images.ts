import sharp, { type Sharp } from 'sharp';

/** A w×h image of blue-grey noise (it compresses like a photograph, not like a flat colour). */
export function noisyImage(width: number, height: number): Sharp {
  return sharp({
    create: {
      width,
      height,
      channels: 3,
      background: '#3b6e8f',
      noise: { type: 'gaussian', mean: 110, sigma: 40 },
    },
  });
}
