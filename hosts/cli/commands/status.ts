import { defineCommand } from '../cli-command';
import { entryView } from '../entry-view';
import { queueTotals } from '../../../shared/models/queue-totals';
import { EXIT_OK } from '../exit-codes';
import { table } from '../format';
import { formatBytes } from '../../../shared/format-bytes';

/** `copper status [--json]`: every queue entry with its state. */
export const statusCommand = defineCommand({
  name: 'status',
  usage: 'status',
  summary: 'Show every queued file: path, key, state, bytes, version id, error.',
  async run(ctx) {
    const entries = await ctx.queueEntries();
    const views = entries.map(entryView);
    const counts = queueTotals(entries).byState;
    const rows = [
      ['STATE', 'BYTES', 'KEY', 'PATH', 'VERSION / ERROR'],
      ...views.map((v) => [
        v.state,
        `${formatBytes(v.bytes)}/${formatBytes(v.size)}`,
        v.key,
        v.path,
        v.error
          ? `${v.error.code}: ${v.error.message}`
          : v.reason === 'unchanged'
            ? 'unchanged'
            : (v.versionId ?? ''),
      ]),
    ];
    const summary =
      Object.entries(counts)
        .filter(([, n]) => n > 0)
        .map(([s, n]) => `${n} ${s}`)
        .join(', ') || 'the queue is empty';
    ctx.print({ entries: views, counts }, `${entries.length > 0 ? table(rows) : ''}${summary}`);
    return EXIT_OK;
  },
});
