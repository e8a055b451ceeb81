// The catalog line: thumbnails per second of Copper's CatalogService against a bare sharp loop
// over the same files (each in its own process, alternated over rounds), and the time from
// the scan's start to the first thumbnail. The child is bundled once per run (as the CLI is), so
// no contender pays tsx's transpile in its time or CPU.
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ImageSet } from './catalog-images';
import { alternated, spread, timed, type Spread } from './measure';

/** One contender on one image set. */
export interface CatalogContender {
  readonly tool: 'copper' | 'bare sharp loop';
  readonly thumbnailsPerSecond: Spread;
  readonly firstThumbnailMs: Spread;
  readonly cpuSeconds: Spread;
  readonly peakRssMb: Spread;
}

/** One image set's result; `ratio` is copper's median thumbnails/s over the bare loop's. */
export interface CatalogResult {
  readonly set: string;
  readonly files: number;
  readonly contenders: readonly CatalogContender[];
  readonly ratio: number;
}

interface ChildReport {
  thumbnails: number;
  seconds: number;
  firstThumbnailMs: number;
}

const MODES = { copper: 'copper', 'bare sharp loop': 'sharp' } as const;

/**
 * Bundles bench/catalog-child.ts into dist/bench/ (beside node_modules, so sharp resolves from
 * the bundle as it does from the sources) and returns the bundle's path.
 */
export async function bundleCatalogChild(): Promise<string> {
  const outfile = join(process.cwd(), 'dist/bench/catalog-child.mjs');
  await build({
    absWorkingDir: process.cwd(),
    entryPoints: ['bench/catalog-child.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    // Native modules load their prebuilt binaries relative to their own package folder.
    external: ['sharp'],
    banner: {
      js: "import { createRequire as __copperRequire } from 'node:module'; const require = __copperRequire(import.meta.url);",
    },
    logLevel: 'warning',
    legalComments: 'none',
  });
  return outfile;
}

/** Runs both contenders over each set, `rounds` times each. */
export async function catalogLine(
  sets: readonly ImageSet[],
  rounds: number,
  env: NodeJS.ProcessEnv,
  scratch: string,
  log: (line: string) => void,
): Promise<CatalogResult[]> {
  const results: CatalogResult[] = [];
  const child = await bundleCatalogChild();
  for (const set of sets) {
    const runs = new Map<string, { report: ChildReport; cpu: number; rss: number }[]>();
    for (const { round, tool } of alternated(Object.keys(MODES) as (keyof typeof MODES)[], rounds)) {
      const out = join(scratch, `catalog-${tool.replace(/ /g, '-')}-${round}.json`);
      const s = await timed(`node ${child} ${MODES[tool]} ${JSON.stringify(set.dir)} ${out}`, env, scratch);
      const report = JSON.parse(await readFile(out, 'utf8')) as ChildReport;
      await rm(out, { force: true });
      if (report.thumbnails !== set.files)
        throw new Error(`${tool} made ${report.thumbnails} thumbnails of ${set.files} in ${set.name}`);
      runs.set(tool, [...(runs.get(tool) ?? []), { report, cpu: s.cpuSeconds, rss: s.peakRssMb }]);
      log(
        `catalog ${set.name} round ${round + 1}/${rounds} ${tool}: ${(report.thumbnails / report.seconds).toFixed(1)} thumbnails/s, ` +
          `first after ${report.firstThumbnailMs.toFixed(0)} ms, CPU ${s.cpuSeconds.toFixed(1)} s`,
      );
    }
    const contenders = (Object.keys(MODES) as (keyof typeof MODES)[]).map((tool) => {
      const r = runs.get(tool)!;
      return {
        tool,
        thumbnailsPerSecond: spread(r.map((x) => x.report.thumbnails / x.report.seconds)),
        firstThumbnailMs: spread(r.map((x) => x.report.firstThumbnailMs)),
        cpuSeconds: spread(r.map((x) => x.cpu)),
        peakRssMb: spread(r.map((x) => x.rss)),
      };
    });
    results.push({
      set: set.name,
      files: set.files,
      contenders,
      ratio: contenders[0]!.thumbnailsPerSecond.median / contenders[1]!.thumbnailsPerSecond.median,
    });
  }
  return results;
}
