import type { CatalogItem, CatalogSummary } from './catalog';

/** The Library header's counts over some items (the renderer's, or the core's whole catalog while pages arrive). */
export function summariseCatalog(items: Iterable<CatalogItem>): CatalogSummary {
  let found = 0,
    ready = 0,
    failed = 0,
    pending = 0,
    images = 0;
  for (const i of items) {
    found++;
    if (i.state === 'pending') pending++;
    else if (i.state === 'failed') failed++;
    else if (i.image) ready++;
    if (i.kind === 'image') images++;
  }
  return { found, ready, failed, pending, images };
}
