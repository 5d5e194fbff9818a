// Cost of single draws, run by scripts/bench.mjs as the case `draws` (or alone:
// node scripts/bench-draws.mjs). Draws from the compiled distributions in dist/ on a
// seeded stream, as the simulation does, and prints one JSON line per distribution:
// { name, draws, ns_per_draw }, the fastest of three timed rounds after a warm-up
// (the first rounds also let V8 optimise sample()). The sum of the draws is kept so
// that the loop cannot be optimised away.
import { performance } from 'node:perf_hooks';
import { Discrete, Poisson } from '../dist/kernel/distributions.js';
import { RandomStreams } from '../dist/kernel/random.js';

const DRAWS = 2_000_000;
const streams = new RandomStreams('bench-draws');
const uniform = { sample: (rng) => rng() };
const values10k = Array.from({ length: 10_000 }, (_, i) => i);
const CASES = [
  ['uniform (the stream alone)', uniform],
  ['poisson(0.5)', new Poisson(0.5)],
  ['poisson(5)', new Poisson(5)],
  ['poisson(29)', new Poisson(29)],
  ['poisson(60)', new Poisson(60)],
  ['poisson(1000)', new Poisson(1000)],
  ['discrete(4 values)', new Discrete([1, 5, 10, 20], [2, 5, 3, 1])],
  ['empirical(10,000 values)', new Discrete(values10k)],
  ['discrete(10,000 values, weights 1/i)', new Discrete(values10k, values10k.map((i) => 1 / (i + 1)))],
];

let sink = 0;
for (const [name, d] of CASES) {
  const rng = streams.stream(name);
  for (let i = 0; i < DRAWS / 10; i++) sink += d.sample(rng);
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const t0 = performance.now();
    for (let i = 0; i < DRAWS; i++) sink += d.sample(rng);
    best = Math.min(best, performance.now() - t0);
  }
  process.stdout.write(`${JSON.stringify({ name, draws: DRAWS, ns_per_draw: Math.round((best * 1e6 / DRAWS) * 10) / 10 })}\n`);
}
if (Number.isNaN(sink)) process.exitCode = 1;
