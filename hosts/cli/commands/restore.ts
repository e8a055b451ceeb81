import { ONE_KEY, defineCommand, stringOption } from '../cli-command';
import { EXIT_OK, usageError } from '../exit-codes';

/** `copper restore KEY --version ID`: a server-side copy of that version becomes the current one. */
export const restoreCommand = defineCommand({
  name: 'restore',
  usage: 'restore KEY --version ID',
  summary: 'Make version ID of KEY the current one again (a new version; history kept).',
  options: { version: { type: 'string' } },
  positionals: ONE_KEY,
  async run(ctx, args) {
    const key = args.positionals[0]!;
    const versionId = stringOption(args, 'version');
    if (!versionId) throw usageError('restore needs --version ID (see `copper versions KEY`).');
    const browser = await ctx.bucket();
    // The restored version is a new upload: it names who restored it, as the app does.
    const restoredBy = (await (await ctx.credentials()).target()).uploadedBy;
    const result = await browser.restoreVersion(key, versionId, restoredBy ? { restoredBy } : {});
    ctx.print(
      result,
      `Restored ${key} from version ${result.restoredFrom}: the current version is now ${result.versionId}.`,
    );
    return EXIT_OK;
  },
});
