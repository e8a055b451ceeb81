// `npm run chaos [-- --seed N] [--rounds N] [--files N] [--seeds N] [--minutes M]`: issue 9's chaos run
// against the real stack (tests/chaos/chaos.ts), inside scripts/with-services.sh. Prints the
// seed first, so a failing schedule can be rerun exactly; exits 1 on any loss, doubling or
// leftover.
import { parseArgs } from 'node:util';
import { runChaos } from '../tests/chaos/chaos';

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    rounds: { type: 'string', default: '20' },
    files: { type: 'string', default: '200' },
    seeds: { type: 'string', default: '1' },
    minutes: { type: 'string' },
  },
});
const first = values.seed ? Number(values.seed) : Math.floor(Math.random() * 1e9);
let failed = false;
for (let i = 0; i < Number(values.seeds); i++) {
  const seed = first + i;
  console.log(`chaos: seed ${seed}, ${values.rounds} rounds, ${values.files} files`);
  const started = Date.now();
  const f = await runChaos({
    seed,
    rounds: Number(values.rounds),
    files: Number(values.files),
    budgetMs: values.minutes ? Number(values.minutes) * 60_000 : undefined,
    log: (line) => console.log(`  ${line}`),
  });
  const { problems, ...figures } = f;
  console.log(JSON.stringify({ ...figures, seconds: Math.round((Date.now() - started) / 1000) }));
  for (const p of problems) console.log(`  problem: ${p}`);
  if (f.lost || f.doubled || f.left || f.notDone || f.outside) {
    failed = true;
    console.log(
      `chaos: FAILED for seed ${seed}; rerun with: npm run chaos -- --seed ${seed} --rounds ${values.rounds}`,
    );
  }
}
process.exit(failed ? 1 : 0);
