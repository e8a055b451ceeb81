import type { CatalogImageInfo } from '../../../shared/models/catalog';
import { formatPrintSize, printSize } from '../../../shared/print-size';

// Words and numbers for the History view: sizes, dates, names, breadcrumbs.

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateTimeSeconds = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** "28 Nov 2026, 19:04" in the person's locale. */
export function formatDate(iso: string): string {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? dateTime.format(t) : '—';
}

/** With seconds: versions uploaded a minute apart stay distinguishable. */
export function formatDateSeconds(iso: string): string {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? dateTimeSeconds.format(t) : '—';
}

/** The last path segment of a key or a folder prefix ("artists/ada/" → "ada"). */
export function baseName(keyOrPrefix: string): string {
  const trimmed = keyOrPrefix.endsWith('/') ? keyOrPrefix.slice(0, -1) : keyOrPrefix;
  const i = trimmed.lastIndexOf('/');
  return i >= 0 ? trimmed.slice(i + 1) : trimmed;
}

/** One crumb of the breadcrumb: its label and the prefix it opens. */
export interface Crumb {
  readonly label: string;
  readonly prefix: string;
}

/**
 * The crumbs from the person's root to `prefix`: the root is `label` when given (an artist's
 * "My artworks"), else "All artists" for staff (`artists/`) or its own name; deeper levels are
 * their folder names. Nothing above the root is ever a crumb.
 */
export function crumbs(root: string, prefix: string, label?: string): Crumb[] {
  const rootLabel = label ?? (root === '' ? 'Bucket' : root === 'artists/' ? 'All artists' : baseName(root));
  const out: Crumb[] = [{ label: rootLabel, prefix: root }];
  if (!prefix.startsWith(root) || prefix === root) return out;
  let at = root;
  for (const part of prefix.slice(root.length).split('/').filter(Boolean)) {
    at += `${part}/`;
    out.push({ label: part, prefix: at });
  }
  return out;
}

/** A short, recognisable form of a version id for labels ("…a1b2c3d4"). */
export function shortVersion(versionId: string): string {
  return versionId.length > 10 ? `…${versionId.slice(-8)}` : versionId;
}

/** What a printer needs of a version's header, each as a short phrase. */
export interface PrintFacts {
  readonly pixels: string;
  readonly mode: string;
  readonly profile: string;
  readonly ppi: string;
  readonly print: string;
}

/** "6000 × 4000 px", "16-bit RGB", "Adobe RGB (1998)", "300 ppi", "20 × 13.3 in · 50.8 × 33.9 cm". */
export function printFacts(image: CatalogImageInfo): PrintFacts {
  const size = printSize(image.width, image.height, image.ppi);
  return {
    pixels: `${image.width} × ${image.height} px`,
    mode: `${image.bitDepth}-bit ${image.colourMode}${image.hasAlpha ? ' + alpha' : ''}`,
    profile: image.profile ?? 'No embedded profile',
    ppi: image.ppi ? `${image.ppi} ppi` : 'ppi not recorded',
    print: size ? formatPrintSize(size) : '—',
  };
}
