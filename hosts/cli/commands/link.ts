import { ONE_KEY, defineCommand, stringOption } from '../cli-command';
import { parseDuration } from '../duration';
import { SHARE_LINK_MAX_SECONDS, SHARE_LINK_MIN_SECONDS } from '../../../shared/models/bucket';
import { EXIT_OK, usageError } from '../exit-codes';

/** `copper link KEY [--version ID] [--expires 1h]`: a pre-signed GET URL (60 s to 7 days). */
export const linkCommand = defineCommand({
  name: 'link',
  usage: 'link KEY [--version ID] [--expires 1h]',
  summary: 'Print a time-limited download link (pre-signed URL) for KEY; 60s to 7d, default 1h.',
  options: { version: { type: 'string' }, expires: { type: 'string' } },
  positionals: ONE_KEY,
  async run(ctx, args) {
    const key = args.positionals[0]!;
    const versionId = stringOption(args, 'version');
    const expiresInSeconds = parseDuration(stringOption(args, 'expires') ?? '1h');
    if (expiresInSeconds < SHARE_LINK_MIN_SECONDS || expiresInSeconds > SHARE_LINK_MAX_SECONDS) {
      throw usageError(
        `--expires must be between 60 seconds and 7 days (S3's limits for a pre-signed URL); got ${expiresInSeconds} s.`,
      );
    }
    const browser = await ctx.bucket();
    // A link to nothing is useless and fails only when someone opens it: check now.
    await browser.statVersion(key, versionId);
    const link = await browser.shareLink(key, { expiresInSeconds, ...(versionId ? { versionId } : {}) });
    ctx.print(link, link.url);
    if (!ctx.json) ctx.note(`Valid until ${link.expiresAt}.`);
    return EXIT_OK;
  },
});
