import { isHeldBack, type QueueEntry } from '../../../shared/models/queue';
import { defineCommand } from '../cli-command';
import { queuePaths } from './add';
import { entryView, namingPath } from '../entry-view';
import { EXIT_FAILED, EXIT_OK } from '../exit-codes';
import { ProgressBar } from '../progress-bar';

/** Resolves when the signal aborts (never, without one). */
function aborted(signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return new Promise(() => {});
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

function describeProblem(e: QueueEntry): string | undefined {
  if (isHeldBack(e) && e.state === 'failed')
    return `held back: ${namingPath(e.path, e.message)} (run \`copper upload --include-damaged\` to upload it anyway)`;
  if (e.state === 'failed')
    return `failed: ${namingPath(e.path, e.message)} [${e.code}${e.retryable ? ', retrying may help' : ''}]`;
  if (e.state === 'waiting-for-network')
    return `not uploaded: ${e.path}: waiting for the network (run \`copper upload --wait\` to wait for it)`;
  if (e.state === 'queued' || e.state === 'uploading')
    return `not uploaded: ${e.path}: stopped before it finished (it stays queued for the next run)`;
  return undefined;
}

/**
 * `copper upload [PATH...] [--wait] [--json]`: runs the queue. PATHs are queued first, as
 * `copper add` would (one process instead of two, like `aws s3 cp --recursive`). Without
 * --wait it stops once nothing more can be done now (everything done or failed, or only waiting for the network); with --wait it
 * rides out network outages until every file is done or failed. Damaged or empty files held
 * back at `add` (and duplicates) stay failed (`held-back`, `duplicate`) unless --include-damaged uploads them as they are.
 */
export const uploadCommand = defineCommand({
  name: 'upload',
  usage: 'upload [PATH...] [--wait] [--include-damaged]',
  summary:
    'Upload what is queued, after queueing the PATHs given (as `add` does); --wait also waits through network outages until the queue is empty.',
  options: { wait: { type: 'boolean' }, 'include-damaged': { type: 'boolean' } },
  positionals: { min: 0, max: Infinity, name: 'PATH' },
  async run(ctx, args) {
    const queue = await ctx.queue();
    // Started first, so the first files upload while the rest are still being queued. When
    // another process runs this profile's queue, the PATHs are still queued (it picks them
    // up) and then the refusal is said.
    let startRefused: unknown;
    try {
      queue.start();
    } catch (err) {
      startRefused = err;
    }
    // Files that cannot be queued are named and make the exit status 1; the rest still go.
    const queued = args.positionals.length > 0 ? await queuePaths(ctx, queue, args.positionals) : undefined;
    if (startRefused) throw startRefused;
    const bar = ctx.io.stderr.isTTY ? new ProgressBar(ctx.io.stderr) : undefined;
    const unsubscribe = bar
      ? queue.onProgress((p) => {
          const { queued, uploading } = queue.counts();
          bar.update(p, queued + uploading);
        })
      : () => {};
    // Damaged and empty files wait, held back at `add`, until the person asks for them by name of the flag.
    if (args.values['include-damaged'] === true) {
      const released = queue.uploadHeldBack();
      if (released > 0) ctx.note(`uploading ${released} held-back file${released === 1 ? '' : 's'} anyway`);
    }
    try {
      await Promise.race([
        queue.waitForIdle({ untilSettled: args.values.wait === true }),
        aborted(ctx.signal),
      ]);
    } finally {
      unsubscribe();
      bar?.finish();
    }
    // What is left to say comes from the unfinished entries and the counts: a profile's done
    // entries (thousands after a big folder) are read only for --json, which lists them all.
    const problems = queue
      .unfinished()
      .map((e) => ({ e, problem: describeProblem(e) }))
      .filter((p): p is { e: QueueEntry; problem: string } => p.problem !== undefined);
    // Files held back by this run's own queueing were named then: each problem is said once.
    const named = new Set(queued?.held.map((e) => e.id) ?? []);
    const counts = queue.counts();
    const summary = `${counts.done} done, ${counts.failed} failed${counts['waiting-for-network'] ? `, ${counts['waiting-for-network']} waiting for the network` : ''}${counts.paused ? `, ${counts.paused} paused` : ''}.`;
    const refused = queued?.failed ?? [];
    const document = ctx.json
      ? {
          entries: queue.list().map(entryView),
          counts,
          ...(queued ? { skipped: queued.result.skipped } : {}),
        }
      : undefined;
    ctx.print(document, refused.length ? `${summary} ${refused.length} could not be queued.` : summary);
    for (const { e, problem } of problems) if (!(named.has(e.id) && e.state === 'failed')) ctx.note(problem);
    return problems.length > 0 || refused.length > 0 ? EXIT_FAILED : EXIT_OK;
  },
});
