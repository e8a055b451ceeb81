import type { ObjectVersion } from '../../../shared/models/bucket';
import { ONE_KEY, defineCommand } from '../cli-command';
import { EXIT_FAILED, EXIT_OK } from '../exit-codes';
import { table } from '../format';
import { formatBytes } from '../../../shared/format-bytes';

function note(v: ObjectVersion): string {
  if (v.isDeleteMarker) return v.isLatest ? 'deleted (current)' : 'deleted';
  const parts = [v.isLatest ? 'current' : '', v.restoredFrom ? `restored from ${v.restoredFrom}` : ''].filter(
    Boolean,
  );
  return parts.join(', ');
}

/** `copper versions KEY [--json]`: the key's history, newest first. */
export const versionsCommand = defineCommand({
  name: 'versions',
  usage: 'versions KEY',
  summary: 'List every version and delete marker of KEY, newest first.',
  positionals: ONE_KEY,
  async run(ctx, args) {
    const key = args.positionals[0]!;
    const browser = await ctx.bucket();
    const versions = await browser.listVersions(key);
    if (versions.length === 0) {
      ctx.print({ key, versions: [] }, '');
      ctx.note(`copper: "${key}" has no versions in bucket ${browser.target.bucket}.`);
      return EXIT_FAILED;
    }
    const rows = [
      ['VERSION', 'DATE', 'SIZE', 'UPLOADED BY', 'NOTE'],
      ...versions.map((v) => [
        v.versionId,
        v.lastModified,
        v.isDeleteMarker ? '-' : formatBytes(v.size),
        v.uploadedBy ?? '',
        note(v),
      ]),
    ];
    ctx.print({ key, versions }, table(rows));
    return EXIT_OK;
  },
});
