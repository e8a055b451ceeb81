import { cpus } from 'node:os';

/**
 * How many images the catalog decodes at once by default: half the cores (at least one), so
 * a folder of 2,000 TIFFs never takes the cores uploads and the window need. Its own file:
 * the hosts size the core process's libuv pool from it without loading sharp.
 */
export function catalogDecodeLimit(cores: number = cpus().length): number {
  return Math.max(1, Math.floor(cores / 2));
}
