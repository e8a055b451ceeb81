import { resolve } from 'node:path';
import { isHeldBack, type AddResult, type AddSkip, type QueueEntry } from '../../../shared/models/queue';
import { defineCommand } from '../cli-command';
import type { CliContext } from '../cli-context';
import { entryView, namingPath } from '../entry-view';
import { EXIT_FAILED, EXIT_OK } from '../exit-codes';
import { table } from '../format';
import type { QueueGateway } from '../queue-gateway';

/** Skips that mean "what you named cannot be queued"; the others (hidden, already queued, loops) are expected. */
const FAILURES: ReadonlySet<AddSkip['reason']> = new Set(['unreadable', 'vanished', 'not-a-file']);

/** What queueing the named paths did, and the skips that count as failures. */
export interface Queued {
  readonly result: AddResult;
  readonly failed: readonly AddSkip[];
  readonly held: readonly QueueEntry[];
}

/**
 * Queues `paths` (folders recursively) and names on stderr every file held back, skipped or
 * refused, as `copper add` and `copper upload PATH...` both do.
 */
export async function queuePaths(
  ctx: CliContext,
  queue: QueueGateway,
  paths: readonly string[],
): Promise<Queued> {
  const result = await queue.add(paths.map((p) => resolve(p)));
  const failed = result.skipped.filter((s) => FAILURES.has(s.reason));
  const held = result.added.filter(isHeldBack);
  for (const e of held)
    if (e.state === 'failed')
      ctx.note(
        `held back: ${namingPath(e.path, e.message)} (\`copper upload --include-damaged\` sends it anyway)`,
      );
  for (const s of result.skipped)
    ctx.note(`${FAILURES.has(s.reason) ? 'failed' : 'skipped'}: ${namingPath(s.path, s.message)}`);
  return { result, failed, held };
}

/** `copper add PATH...`: queues every regular file (folders recursively); prints what was queued and skipped. */
export const addCommand = defineCommand({
  name: 'add',
  usage: 'add PATH...',
  summary: 'Queue files and folders (recursively) for upload; hidden and system files are skipped.',
  positionals: { min: 1, max: Infinity, name: 'PATH' },
  async run(ctx, args) {
    const queue = await ctx.queue();
    const { result, failed, held } = await queuePaths(ctx, queue, args.positionals);
    const rows = result.added.map((e) => [held.includes(e) ? 'held back' : 'queued', e.path, '→', e.key]);
    const skippedCount = result.skipped.length - failed.length;
    const heldText = held.length ? `, ${held.length} held back` : '';
    const human = `${table(rows)}${result.added.length - held.length} queued${heldText}, ${skippedCount} skipped${failed.length ? `, ${failed.length} failed` : ''}.`;
    ctx.print({ added: result.added.map(entryView), skipped: result.skipped }, human);
    return failed.length > 0 ? EXIT_FAILED : EXIT_OK;
  },
});
