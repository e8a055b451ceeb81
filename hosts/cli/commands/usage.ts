import { defineCommand } from '../cli-command';
import { EXIT_OK } from '../exit-codes';
import { table } from '../format';
import { formatBytes } from '../../../shared/format-bytes';
import { formatMonthlyCost } from '../../../shared/format-cost';
import { safeText } from '../../../shared/text/safe-text';
import type { StorageUsage, UsageRow, UsageTotals } from '../../../shared/models/usage';

/** Artworks the human table lists (the largest); --json has every row the core returned. */
const ARTWORKS_SHOWN = 20;

function figures(t: UsageTotals): string[] {
  return [
    formatBytes(t.currentBytes),
    formatBytes(t.olderBytes),
    String(t.versions),
    String(t.deleteMarkers),
    formatMonthlyCost(t.monthlyCost),
  ];
}

const HEAD = ['CURRENT', 'OLDER', 'VERSIONS', 'DELETE MARKERS', 'EST. MONTHLY'];

function rowsOf(rows: readonly UsageRow[], title: string): string[][] {
  return [
    [title, ...HEAD],
    ...rows.map((r) => [safeText(r.name || '(none)') + (r.deleted ? ' (deleted)' : ''), ...figures(r)]),
  ];
}

/** The human report: per artist with a total line, then the largest artworks. */
export function usageReport(u: StorageUsage): string {
  const artists = table([...rowsOf(u.artists, 'ARTIST'), ['TOTAL', ...figures(u.total)]]);
  const shown = u.artworks.slice(0, ARTWORKS_SHOWN);
  const more = u.artworkCount > shown.length ? ` (the ${shown.length} largest of ${u.artworkCount})` : '';
  const classes = u.byClass
    .map((c) => `${safeText(c.storageClass)} $${c.pricePerGbMonth}/GB-month`)
    .join(', ');
  return [
    `Storage under ${safeText(u.prefix)} at ${u.computedAt}`,
    '',
    artists,
    `Artworks${more}:`,
    table(rowsOf(shown, 'ARTWORK')),
    `Estimate from ${classes || 'no stored versions'} (override with COPPER_STORAGE_PRICES).`,
  ].join('\n');
}

/** `copper usage [PREFIX] [--json]`: bytes in current and older versions and the estimated monthly cost. */
export const usageCommand = defineCommand({
  name: 'usage',
  usage: 'usage [PREFIX]',
  summary: 'Storage per artist and artwork: current and older versions, estimated monthly cost.',
  positionals: { min: 0, max: 1, name: 'PREFIX' },
  async run(ctx, args) {
    const { storagePrices } = await import('../../../core/bucket/storage-prices');
    const prices = storagePrices(ctx.env);
    const browser = await ctx.bucket();
    const usage = await browser.storageUsage(args.positionals[0], prices);
    ctx.print(usage, usageReport(usage));
    return EXIT_OK;
  },
});
