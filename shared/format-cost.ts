/**
 * An estimated monthly cost in US dollars, as History and `copper usage` show it: cents for
 * anything from a cent up ("$12.30"), "< $0.01" below that, "$0.00" for nothing at all.
 */
export function formatMonthlyCost(usd: number): string {
  if (!Number.isFinite(usd) || usd < 0) return '—';
  if (usd === 0) return '$0.00';
  if (usd < 0.005) return '< $0.01';
  return `$${usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}
