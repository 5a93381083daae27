/**
 * A small seeded pseudo-random generator (a Weyl sequence through a 32-bit integer mixer), so that
 * generated traffic depends on its seed only: the same seed gives the same bytes on every machine.
 */
export type Prng = {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** A float in [min, max). */
  between(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
  /** A 32-bit unsigned integer, to seed another generator. */
  uint32(): number;
  hex(length: number): string;
};

const weylIncrement = 0x9e3779b9;

export function createPrng(seed: number): Prng {
  let state = seed >>> 0;
  const uint32 = (): number => {
    state = (state + weylIncrement) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 16), 0x85ebca6b);
    mixed = Math.imul(mixed ^ (mixed >>> 13), 0xc2b2ae35);
    return (mixed ^ (mixed >>> 16)) >>> 0;
  };
  const next = () => uint32() / 4294967296;
  return {
    next,
    uint32,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    between: (min, max) => min + next() * (max - min),
    pick: (items) => items[Math.floor(next() * items.length)],
    chance: (probability) => next() < probability,
    hex: (length) => {
      let text = '';
      while (text.length < length) text += uint32().toString(16).padStart(8, '0');
      return text.slice(0, length);
    },
  };
}
