/**
 * What generated accounts share: a small seeded PRNG (the same data for the same seed number),
 * picks and weights drawn from it, Fastly-style ids, and dates relative to a fixed point rather
 * than the clock.
 */

/** "Today" for generated data: dates are this minus some days. */
export const REFERENCE_TIME = Date.parse('2026-11-29T00:00:00Z');
export const DAY_MS = 86_400_000;
const ID_ALPHABET = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'];

/** Fastly timestamps carry no milliseconds: 2026-11-29T13:42:57Z. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** mulberry32: tiny, fast and good enough for test data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RandomKit {
  random(): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
  /** A 22-character id, as Fastly's are. */
  id(): string;
  weighted<T>(entries: readonly (readonly [T, number])[]): T;
  /** An ISO time `days` days before REFERENCE_TIME, at a random time of that day. */
  daysAgo(days: number): string;
}

export function randomKit(seed: number): RandomKit {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  return {
    random,
    pick,
    chance: (probability) => random() < probability,
    id: () => Array.from({ length: 22 }, () => pick(ID_ALPHABET)).join(''),
    weighted: <T>(entries: readonly (readonly [T, number])[]): T => {
      let roll = random() * entries.reduce((sum, [, weight]) => sum + weight, 0);
      for (const [value, weight] of entries) {
        roll -= weight;
        if (roll < 0) return value;
      }
      return (entries[0] as readonly [T, number])[0];
    },
    daysAgo: (days) => isoSeconds(REFERENCE_TIME - days * DAY_MS - Math.floor(random() * DAY_MS)),
  };
}
