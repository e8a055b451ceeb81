import { stringOption, type CliCommand } from '../cli-command';
import { parseDuration } from '../duration';
import { SHARE_MAX_SECONDS, SHARE_MIN_SECONDS } from '../../../shared/http/share-limits';
import type { GalleryShare } from '../../../shared/models/history';
import { EXIT_OK, usageError } from '../exit-codes';
import { table } from '../format';

function shareRows(shares: readonly GalleryShare[]): string {
  return table([
    ['ID', 'STATE', 'VERSION', 'EXPIRES', 'DOWNLOADS', 'BY', 'KEY'],
    ...shares.map((s) => [s.id, s.state, s.versionId, s.expiresAt, String(s.downloads), s.createdBy, s.key]),
  ]);
}

/**
 * `copper share KEY [--version V] [--expires 7d]`: a revocable share link kept by the Copper
 * API (`<api>/s/<id>`, a minute to a year); `--list [KEY]` shows links, `--revoke ID` takes one back.
 */
export const shareCommand: CliCommand = {
  name: 'share',
  synopsis: 'share KEY [--version ID] [--expires 7d] | share --list [KEY] | share --revoke ID [--json]',
  summary: 'Make a revocable share link (the current version unless --version), list links, or revoke one.',
  options: {
    version: { type: 'string' },
    expires: { type: 'string' },
    list: { type: 'boolean' },
    revoke: { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: { min: 0, max: 1, name: 'KEY' },
  async run(ctx, args) {
    const key = args.positionals[0];
    const revoke = stringOption(args, 'revoke');
    if (revoke !== undefined) {
      if (key !== undefined || args.values.list) throw usageError('--revoke ID takes no KEY and no --list.');
      const share = await (await ctx.sharing()).revokeShare(revoke);
      ctx.print(share, `Revoked ${share.url}: it now answers 410 Gone.`);
      return EXIT_OK;
    }
    if (args.values.list) {
      const shares = await (await ctx.sharing()).listShares(key);
      ctx.print({ shares }, shares.length > 0 ? shareRows(shares) : '');
      if (shares.length === 0 && !ctx.json) ctx.note('No share links.');
      return EXIT_OK;
    }
    if (key === undefined)
      throw usageError('Which artwork? `copper share KEY [--version ID] [--expires 7d]`.');
    const seconds = parseDuration(stringOption(args, 'expires') ?? '7d');
    if (seconds < SHARE_MIN_SECONDS || seconds > SHARE_MAX_SECONDS)
      throw usageError(`--expires must be between 60 seconds and 365 days; got ${seconds} s.`);
    // The link is for one exact version: without --version, the one current now.
    const versionId =
      stringOption(args, 'version') ?? (await (await ctx.bucket()).statVersion(key)).versionId;
    const share = await (await ctx.sharing()).createShare(key, versionId, seconds);
    ctx.print(share, share.url);
    if (!ctx.json)
      ctx.note(
        `Version ${share.versionId}, until ${share.expiresAt}. Revoke: copper share --revoke ${share.id}`,
      );
    return EXIT_OK;
  },
};
