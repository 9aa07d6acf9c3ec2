export { createPrng, type Prng } from '../../src-shared/random.js';
