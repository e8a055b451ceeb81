// The `copper` the benchmark runs: the bundle scripts/bench.sh built into dist/bench-cli/ when
// the run began, always. (bin/copper.mjs runs the sources through tsx as soon as one of them is
// newer than dist/cli: editing a file during a run would switch the remaining runs to tsx.)
import module from 'node:module';

module.enableCompileCache?.();
const { main } = await import('../dist/bench-cli/copper.mjs');
await main();
