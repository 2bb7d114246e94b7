/** The same seeded PRNG as the demo seed (mulberry32), so every run sends the same sequence of orders. */
export { prng } from '../cli/seed/prng.js';

/** Integer in [lo, hi]. */
export const randInt = (rnd: () => number, lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));

export const skuOf = (n: number): string => `SKU-${String(n).padStart(5, '0')}`;
