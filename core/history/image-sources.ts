import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every AWS S3 endpoint (virtual-hosted and path-style, any region). */
export const AWS_S3_IMAGE_SOURCE = 'https://*.amazonaws.com';

/**
 * The CSP img-src entry that lets the renderer show pre-signed thumbnails straight from the
 * bucket: the endpoint's origin (scheme://host:port, no path), or AWS when there is none.
 */
export function bucketImageSource(endpoint: string | undefined): string {
  if (!endpoint) return AWS_S3_IMAGE_SOURCE;
  try {
    return new URL(endpoint).origin;
  } catch {
    return AWS_S3_IMAGE_SOURCE;
  }
}

const FILE = 'image-sources.json';
const ORIGIN = /^https?:\/\/[a-z0-9.*:[\]-]+$/i;

/**
 * The bucket origins seen so far, remembered in the data folder. A page's CSP is fixed when it
 * loads, and a custom endpoint (Ceph, MinIO) is only learned from the first credential; kept
 * here, the next load (reload, relaunch) already allows it. AWS is always allowed.
 */
export class ImageSources {
  private readonly known = new Set<string>([AWS_S3_IMAGE_SOURCE]);
  private readonly path: string;

  constructor(dataDir: string) {
    this.path = join(dataDir, FILE);
    try {
      const saved: unknown = JSON.parse(readFileSync(this.path, 'utf8'));
      if (Array.isArray(saved))
        for (const s of saved) if (typeof s === 'string' && ORIGIN.test(s)) this.known.add(s);
    } catch {
      // Missing or unreadable: start with AWS only; it is rewritten on the next sign-in.
    }
  }

  /** Adds the endpoint's origin; saved when it is new. */
  learn(endpoint: string | undefined): void {
    const source = bucketImageSource(endpoint);
    if (this.known.has(source)) return;
    this.known.add(source);
    try {
      writeFileSync(this.path, JSON.stringify([...this.known].filter((s) => s !== AWS_S3_IMAGE_SOURCE)));
    } catch {
      // Not fatal: this run's later page loads still get it from memory.
    }
  }

  list(): readonly string[] {
    return [...this.known];
  }
}
