import { createEmulatorRandom, SeededRandom } from './random';

function draws(random: SeededRandom, count: number): number[] {
  return Array.from({ length: count }, () => random.next());
}

describe(SeededRandom.name, () => {
  it('repeats its sequence for the same seed', () => {
    expect(draws(new SeededRandom(42), 50)).toEqual(draws(new SeededRandom(42), 50));
  });

  it('gives different sequences for different seeds', () => {
    expect(draws(new SeededRandom(1), 10)).not.toEqual(draws(new SeededRandom(2), 10));
  });

  it('matches the reference mulberry32 output', () => {
    // First values of mulberry32 for seed 1, from the published algorithm.
    const random = new SeededRandom(1);

    expect(random.next()).toBeCloseTo(0.6270739405881613, 12);
    expect(random.next()).toBeCloseTo(0.002735721180215478, 12);
  });

  it('stays within [0, 1) and spreads across it', () => {
    const values = draws(new SeededRandom(7), 10000);

    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });

  it('draws ids from the expected alphabets', () => {
    const random = new SeededRandom(3);

    expect(random.alphanumeric(17)).toMatch(/^[0-9a-zA-Z]{17}$/);
    expect(random.hex(17)).toMatch(/^[0-9a-f]{17}$/);
  });

  it('keeps between() inside its bounds', () => {
    const random = new SeededRandom(9);
    const values = Array.from({ length: 1000 }, () => random.between(-1, 1));

    expect(Math.min(...values)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(values.some((value) => value < 0)).toBe(true);
  });
});

describe(createEmulatorRandom.name, () => {
  it('derives the same streams from the same seed', () => {
    const first = createEmulatorRandom(5);
    const second = createEmulatorRandom(5);

    expect(first.ids.alphanumeric(17)).toBe(second.ids.alphanumeric(17));
    expect(draws(first.timing, 5)).toEqual(draws(second.timing, 5));
  });

  it('keeps streams independent of each other', () => {
    const untouched = createEmulatorRandom(5);
    const busy = createEmulatorRandom(5);
    draws(busy.faults, 100);

    expect(draws(busy.timing, 5)).toEqual(draws(untouched.timing, 5));
    expect(draws(createEmulatorRandom(5).ids, 5)).not.toEqual(draws(createEmulatorRandom(5).timing, 5));
  });
});
