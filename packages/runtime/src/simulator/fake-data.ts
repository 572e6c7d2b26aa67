import { ValidationError } from '../errors.js';
import { createSeededRandom, type SeededRandom } from './seeded-random.js';

/*
 * The parts of fake list items every provider draws on: team-and-place names, phones of the countries
 * these gateways serve, creation dates and status plans. Each provider's simulator builds its own items
 * from them, so that items of different providers look alike.
 */

export interface FakeInstanceOptions {
  /** The same seed always yields the same instances. Default 1. */
  seed?: number;
}

export const TEAMS = [
  'Sales',
  'Support',
  'Billing',
  'Onboarding',
  'Marketing',
  'Logistics',
  'Concierge',
  'Retention',
  'Collections',
  'Partners',
  'Store',
  'Delivery',
] as const;
export const PLACES = [
  'São Paulo',
  'Rio',
  'Lisbon',
  'Jakarta',
  'Cairo',
  'Mexico City',
  'Lagos',
  'Porto',
  'Bandung',
  'Alexandria',
  'Recife',
  'Monterrey',
] as const;

/** Calling codes and national number shapes, so that phones look like the countries these providers serve. */
export const PHONE_PLANS: readonly ((random: SeededRandom) => string)[] = [
  (random) =>
    `55${random.pick(['11', '21', '31', '41', '51', '61', '71', '81'])}9${random.text(8, '0123456789')}`,
  (random) => `20${random.pick(['10', '11', '12', '15'])}${random.text(8, '0123456789')}`,
  (random) => `628${random.integer(11, 59)}${random.text(7, '0123456789')}`,
  (random) => `52${random.pick(['55', '33', '81'])}${random.text(8, '0123456789')}`,
  (random) => `3519${random.pick(['1', '2', '3', '6'])}${random.text(7, '0123456789')}`,
  (random) => `234${random.pick(['80', '81', '90'])}${random.text(8, '0123456789')}`,
];

export const DIGITS = '0123456789';
export const UPPER_HEX = '0123456789ABCDEF';
export const LOWER_HEX = '0123456789abcdef';
export const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const AWS_KEY_ALPHABET = '234567ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';
export const DAY_MS = 86_400_000;
/** Dates are drawn from a fixed span, never from the clock, so that a seed gives the same items every day. */
export const FIRST_CREATED_MS = Date.UTC(2024, 0, 1);
export const CREATED_SPAN_MS = 700 * DAY_MS;

export interface Identity {
  team: string;
  place: string;
  /** 1 for the first use of a team and place pair, then 2, 3… */
  ordinal: number;
}

/** Unique team-and-place pairs: names built from them never collide within one list. */
export function identities(random: SeededRandom, count: number): Identity[] {
  const seen = new Map<string, number>();
  const result: Identity[] = [];
  for (let index = 0; index < count; index++) {
    const team = random.pick(TEAMS);
    const place = random.pick(PLACES);
    const key = `${team}|${place}`;
    const ordinal = (seen.get(key) ?? 0) + 1;
    seen.set(key, ordinal);
    result.push({ team, place, ordinal });
  }
  return result;
}

export function asciiWords(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/\s+/)
    .filter((word) => word !== '');
}

/**
 * The status of each item: the first ones go through every documented value (in a seeded order), so
 * that any list at least as long as the value list shows them all; the rest are drawn at random.
 */
export function statusPlan<T>(random: SeededRandom, values: readonly T[], count: number): T[] {
  const cycle = random.shuffle(values);
  return Array.from({ length: count }, (_, index) =>
    index < cycle.length ? (cycle[index] as T) : random.pick(values),
  );
}

/** Creation times in ascending order, as a provider lists instances in the order they were made. */
export function creationTimes(random: SeededRandom, count: number): number[] {
  return Array.from({ length: count }, () => FIRST_CREATED_MS + Math.floor(random.next() * CREATED_SPAN_MS))
    .sort((first, second) => first - second)
    .map((time) => time - (time % 1000));
}

export function uniquePhones(random: SeededRandom, count: number): string[] {
  const used = new Set<string>();
  const phones: string[] = [];
  while (phones.length < count) {
    const phone = random.pick(PHONE_PLANS)(random);
    if (used.has(phone)) continue;
    used.add(phone);
    phones.push(phone);
  }
  return phones;
}

export function isoSeconds(time: number): string {
  return new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function pictureUrl(random: SeededRandom): string {
  return `https://pps.whatsapp.net/v/t61.24694-24/${random.text(9, DIGITS)}_${random.text(15, DIGITS)}_n.jpg?oh=${random.text(32, LOWER_HEX)}`;
}

/**
 * A provider's `createFakeInstances(count, { seed })`: checks the arguments and gives the generator a
 * random stream of its own (the provider key mixed into the seed), so that one seed gives each provider
 * different items.
 */
export function fakeInstanceFactory<Item>(
  provider: string,
  generate: (random: SeededRandom, count: number) => Item[],
): (count: number, options?: FakeInstanceOptions) => Item[] {
  return (count, options = {}) => {
    if (!Number.isInteger(count) || count < 0) {
      throw new ValidationError('createFakeInstances: `count` must be a whole number, 0 or more', {
        field: 'count',
      });
    }
    const seed = options.seed ?? 1;
    if (!Number.isFinite(seed)) {
      throw new ValidationError('createFakeInstances: `seed` must be a finite number', { field: 'seed' });
    }
    return generate(createSeededRandom(seed, provider), count);
  };
}
