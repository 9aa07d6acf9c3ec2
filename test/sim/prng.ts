import { createPrng, type Prng } from '../../src-shared/random.js';

/** The simulation's seeded generator: the same one the demo data uses. */
export const createRandom = createPrng;
export type Random = Prng;
