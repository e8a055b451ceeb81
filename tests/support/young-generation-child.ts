// Allocates as an upload of many small files does (much of each young generation survives a
// scavenge) and prints the new space's size seen at each turn of the event loop, with the
// young-generation cap when asked.
import { capYoungGeneration, newSpaceBytes } from '../../core/common/young-generation';

if (process.argv[2] === 'capped') capYoungGeneration();
const sizes: number[] = [];
let live: object[] = [];
for (let round = 0; round < 200; round++) {
  for (let i = 0; i < 20_000; i++) {
    live.push({ n: i, text: `file-${round}-${i}` });
    if (live.length > 150_000) live = [];
  }
  sizes.push(newSpaceBytes());
  // The cap adjusts after each scavenge (a PerformanceObserver): let it run, as an event loop would.
  await new Promise((resolve) => setImmediate(resolve));
}
process.stdout.write(JSON.stringify(sizes));
