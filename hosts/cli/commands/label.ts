import { stringOption, type CliCommand, type CommandArgs } from '../cli-command';
import type { VersionLabels } from '../../../shared/models/history';
import { EXIT_OK, usageError } from '../exit-codes';
import { table } from '../format';

function labelRows(rows: readonly VersionLabels[]): string {
  return table([
    ['KEY', 'VERSION', 'LABELS', 'BY', 'NOTE'],
    ...rows.map((l) => [l.key, l.versionId, l.labels.join(', '), l.updatedBy, l.note]),
  ]);
}

function many(args: CommandArgs, name: string): string[] {
  const v = args.values[name];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * `copper label KEY --version V [--add L]… [--remove L]… [--note N]` labels a version;
 * `copper label KEY` lists a key's labelled versions; `copper label --find L [--prefix P]` searches.
 */
export const labelCommand: CliCommand = {
  name: 'label',
  synopsis: 'label KEY [--version ID --add L --remove L --note N] | label --find L [--prefix P] [--json]',
  summary: 'Label a version ("print master", "web"…) with a note, list a key\'s labels, or find a label.',
  options: {
    version: { type: 'string' },
    add: { type: 'string', multiple: true },
    remove: { type: 'string', multiple: true },
    note: { type: 'string' },
    find: { type: 'string' },
    prefix: { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: { min: 0, max: 1, name: 'KEY' },
  async run(ctx, args) {
    const key = args.positionals[0];
    const find = stringOption(args, 'find');
    const sharing = await ctx.sharing();
    if (find !== undefined) {
      if (key !== undefined) throw usageError('--find searches a prefix (--prefix P), not one KEY.');
      const found = await sharing.findLabel(stringOption(args, 'prefix') ?? '', find);
      ctx.print({ labels: found }, found.length > 0 ? labelRows(found) : '');
      if (found.length === 0 && !ctx.json) ctx.note(`No version is labelled "${find}".`);
      return EXIT_OK;
    }
    if (key === undefined)
      throw usageError('Which artwork? `copper label KEY --version ID --add "print master"`.');
    const versionId = stringOption(args, 'version');
    const [add, remove, note] = [many(args, 'add'), many(args, 'remove'), stringOption(args, 'note')];
    const all = await sharing.labels(key);
    if (versionId === undefined) {
      if (add.length + remove.length > 0 || note !== undefined)
        throw usageError('Say which version to label: --version ID (see `copper versions KEY`).');
      ctx.print({ key, labels: all }, all.length > 0 ? labelRows(all) : '');
      if (all.length === 0 && !ctx.json) ctx.note(`No version of "${key}" has a label.`);
      return EXIT_OK;
    }
    const before = all.find((l) => l.versionId === versionId);
    const gone = new Set(remove.map((r) => r.trim().toLowerCase()));
    const labels = [...(before?.labels ?? []), ...add].filter((l) => !gone.has(l.trim().toLowerCase()));
    const saved = await sharing.setLabels(key, versionId, labels, note ?? before?.note ?? '');
    ctx.print(saved, labelRows([saved]));
    return EXIT_OK;
  },
};
