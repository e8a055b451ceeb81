// Runs @doyensec/electronegativity over electron/ and fails on findings of HIGH severity
// (configurable in .electronegativity.json) that carry no documented exception there.
// First it scans a deliberately insecure sample and insists on a HIGH finding, so a scanner
// that silently parses nothing can never pass the real code.
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));
const config = JSON.parse(readFileSync(join(root, '.electronegativity.json'), 'utf8'));
const run = require('@doyensec/electronegativity');
const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
const severityOrder = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH'];
const failAt = severityOrder.indexOf(config.failOn ?? 'HIGH');

async function scan(input) {
  const result = await run({
    input,
    isRelative: true,
    electronVersionOverride: electronVersion,
    excludeFromScan: (config.excludeChecks ?? []).map((c) => c.id),
  });
  const broken = result.errors.filter((e) => !e.tolerable);
  if (broken.length)
    throw new Error(
      `electronegativity could not parse: ${broken.map((e) => `${e.file}: ${e.message}`).join('; ')}`,
    );
  return result.issues;
}

const excepted = (issue) =>
  (config.exceptions ?? []).find((x) => x.id === issue.id && (x.file === issue.file || x.file === '*'));
const severe = (issue) => severityOrder.indexOf(issue.severity.name) >= failAt;

// 1. The scanner must still catch the obvious.
const sampleDir = mkdtempSync(join(tmpdir(), 'copper-eng-'));
try {
  writeFileSync(
    join(sampleDir, 'bad.ts'),
    "import { BrowserWindow } from 'electron';\nconst w: BrowserWindow = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });\nvoid w.loadURL('http://example.com');\n",
  );
  const sample = await scan(sampleDir);
  if (!sample.some(severe)) {
    console.error(
      'electronegativity found nothing severe in a deliberately insecure sample: the scanner is not working.',
    );
    process.exit(1);
  }
} finally {
  rmSync(sampleDir, { recursive: true, force: true });
}

// 2. The real code.
const issues = await scan(join(root, config.input ?? 'electron'));
let failed = 0;
for (const issue of issues) {
  const exception = excepted(issue);
  const status = exception ? 'excepted' : severe(issue) ? 'FAIL' : 'note';
  if (status === 'FAIL') failed += 1;
  const where = issue.file === 'N/A' ? 'global' : `electron/${issue.file}:${issue.location.line}`;
  console.log(
    `${status.padEnd(8)} ${issue.severity.name.padEnd(6)} ${issue.id} (${where})${exception ? ` — ${exception.reason}` : ''}`,
  );
}
console.log(
  `electronegativity: ${issues.length} finding(s), ${failed} at or above ${config.failOn ?? 'HIGH'} without an exception.`,
);
process.exit(failed ? 1 : 0);
