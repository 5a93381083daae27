import { createPrng } from './prng';

describe('createPrng', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, createPrng(seed).uint32);
    expect(draw(42)).toEqual(draw(42));
    expect(draw(43)).not.toEqual(draw(42));
  });

  it('keeps its values in their ranges and spreads them over the whole range', () => {
    // given
    const prng = createPrng(7);
    const seen = new Set<number>();
    // when
    for (let index = 0; index < 10_000; index++) {
      const value = prng.int(1, 6);
      expect(value).toBeGreaterThanOrEqual(1);
      expect(value).toBeLessThanOrEqual(6);
      seen.add(value);
      const float = prng.next();
      expect(float >= 0 && float < 1).toBe(true);
    }
    // then
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(prng.hex(21)).toMatch(/^[0-9a-f]{21}$/);
  });
});
