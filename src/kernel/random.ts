import seedrandom from 'seedrandom';

/** A source of uniform variates in [0, 1). */
export type Rng = () => number;

/**
 * Named random streams derived from one seed.
 *
 * Every source of randomness in a model (the arrivals of one item type, the
 * durations of one task, one routing decision...) draws from its own stream, named
 * after that source. Adding or changing one part of a model therefore leaves the
 * draws of every other part untouched: two operating models run on the same seed
 * see the same customers (common random numbers), and differences between them come
 * from the organisation rather than from luck.
 *
 * Streams use seedrandom's Alea generator: fast, and identical on every platform.
 */
export class RandomStreams {
  private readonly streams = new Map<string, Rng>();

  constructor(readonly seed: number | string) {}

  /** The stream called `name`; asking twice returns the same stream. */
  stream(name: string): Rng {
    let rng = this.streams.get(name);
    if (rng === undefined) {
      rng = seedrandom.alea(`salesim:${this.seed}:${name}`) as Rng;
      this.streams.set(name, rng);
    }
    return rng;
  }

  /** Names of the streams handed out so far (for the run record). */
  names(): string[] {
    return [...this.streams.keys()].sort();
  }
}

/**
 * The seed of replication `rep` (0-based) of a study seeded with `seed`. Each
 * replication is an independent run; the same (seed, rep) always gives the same
 * streams, whatever model is run, which is what makes paired comparisons fair.
 */
export function replicationSeed(seed: number | string, rep: number): string {
  return `${seed}/rep${rep}`;
}
