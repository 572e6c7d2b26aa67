/**
 * A small seeded pseudo-random source (mulberry32), so that the same seed always yields the same fake
 * instances on every machine and Node version; `Math.random` would make fixtures drift between runs.
 */
export interface SeededRandom {
  /** A number in [0, 1). */
  next(): number;
  /** A whole number in [minimum, maximum], both included. */
  integer(minimum: number, maximum: number): number;
  /** True with the given probability. */
  chance(probability: number): boolean;
  pick<T>(values: readonly T[]): T;
  /** A copy of `values` in a random order. */
  shuffle<T>(values: readonly T[]): T[];
  /** `length` characters drawn from `alphabet`. */
  text(length: number, alphabet: string): string;
  /** A random (version 4) UUID. */
  uuid(): string;
}

const HEX_DIGITS = '0123456789abcdef';

/** Mixes a text into a 32-bit number (FNV-1a), so that each provider gets its own stream from one seed. */
export function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function createSeededRandom(seed: number, stream = ''): SeededRandom {
  let state = (Math.trunc(seed) ^ hashText(stream)) >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
  const integer = (minimum: number, maximum: number): number =>
    minimum + Math.floor(next() * (maximum - minimum + 1));
  const text = (length: number, alphabet: string): string => {
    let result = '';
    for (let index = 0; index < length; index++) result += alphabet[integer(0, alphabet.length - 1)];
    return result;
  };
  return {
    next,
    integer,
    chance: (probability) => next() < probability,
    pick: <T>(values: readonly T[]): T => values[integer(0, values.length - 1)] as T,
    shuffle: <T>(values: readonly T[]): T[] => {
      const copy = [...values];
      for (let index = copy.length - 1; index > 0; index--) {
        const other = integer(0, index);
        [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
      }
      return copy;
    },
    text,
    uuid: () => {
      const variant = HEX_DIGITS[8 + integer(0, 3)];
      return `${text(8, HEX_DIGITS)}-${text(4, HEX_DIGITS)}-4${text(3, HEX_DIGITS)}-${variant}${text(3, HEX_DIGITS)}-${text(12, HEX_DIGITS)}`;
    },
  };
}
