const ALPHANUMERIC = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const HEX = '0123456789abcdef';

/**
 * A small seeded pseudo-random generator (mulberry32): 32 bits of state, fast, and good enough for
 * ids and jitter. The same seed and the same sequence of calls always give the same values.
 * Not for anything secret.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let mixed = this.state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);

    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  }

  /** A float in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** An integer in [0, bound). */
  integerBelow(bound: number): number {
    return Math.floor(this.next() * bound);
  }

  alphanumeric(length: number): string {
    return this.pick(ALPHANUMERIC, length);
  }

  hex(length: number): string {
    return this.pick(HEX, length);
  }

  private pick(alphabet: string, length: number): string {
    let text = '';
    for (let index = 0; index < length; index += 1) {
      text += alphabet[this.integerBelow(alphabet.length)];
    }

    return text;
  }
}

/**
 * Independent streams derived from one seed. Ids, launch timing and injected faults each draw from
 * their own stream, so switching a fault on does not change the ids or durations of a run.
 */
export interface EmulatorRandom {
  ids: SeededRandom;
  timing: SeededRandom;
  faults: SeededRandom;
  latency: SeededRandom;
}

export function createEmulatorRandom(seed: number): EmulatorRandom {
  return {
    ids: new SeededRandom(deriveSeed(seed, 1)),
    timing: new SeededRandom(deriveSeed(seed, 2)),
    faults: new SeededRandom(deriveSeed(seed, 3)),
    latency: new SeededRandom(deriveSeed(seed, 4)),
  };
}

/** Mixes a stream number into the seed so that neighbouring seeds do not give overlapping streams. */
function deriveSeed(seed: number, stream: number): number {
  let mixed = (seed ^ Math.imul(stream, 0x9e3779b9)) >>> 0;
  mixed = Math.imul(mixed ^ (mixed >>> 16), 0x85ebca6b);
  mixed = Math.imul(mixed ^ (mixed >>> 13), 0xc2b2ae35);

  return (mixed ^ (mixed >>> 16)) >>> 0;
}
