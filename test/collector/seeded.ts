// A small seeded random source for the fuzz and kill tests: the seed is printed with every
// failure and can be given back through an environment variable, so a failing run replays.
import { randomInt } from 'node:crypto';

export interface Seeded {
  seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** A whole number in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  /** A version 4 UUID made from the seed, lower case as a browser makes it. */
  uuid(): string;
}

/** mulberry32: 32 bits of state, good enough to choose mutations, and the same on every machine. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The random source a test uses: the seed in `envName` if set (`random` for a new one), else
 * `fallback` when given (a run that CI repeats the same way), else a new one.
 */
export function seeded(envName: string, fallback?: number): Seeded {
  const env = process.env[envName];
  const given = env == 'random' ? undefined : (env ?? (fallback === undefined ? undefined : String(fallback)));
  const seed = given ? Number(given) >>> 0 : randomInt(2 ** 32 - 1);
  if (given && String(seed) != given.trim())
    throw new Error(`${envName} must be a whole number from 0 to 4294967295, not "${given}"`);
  const next = mulberry32(seed);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const hex = (n: number) => Array.from({ length: n }, () => int(0, 15).toString(16)).join('');
  return {
    seed,
    next,
    int,
    pick: <T>(items: readonly T[]) => items[int(0, items.length - 1)]!,
    chance: (p) => next() < p,
    uuid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[int(0, 3)]!}${hex(3)}-${hex(12)}`,
  };
}
