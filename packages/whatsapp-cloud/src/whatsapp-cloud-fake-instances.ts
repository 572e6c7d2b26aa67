import type { SeededRandom } from '@switchboard/runtime/simulator';
import type { WhatsAppCloudPhoneNumber } from './whatsapp-cloud-client.js';

/**
 * Every `status` Graph answers that API.md's mapping row names, so that a list at least this long shows
 * each common status the provider can have (connected, pending, disconnected, stopped, failed).
 */
export const WHATSAPP_CLOUD_STATUSES = [
  'LINKED',
  'CONNECTED',
  'RESTRICTED',
  'PENDING',
  'UNVERIFIED',
  'UNLINKED',
  'DISCONNECTED',
  'OFFLINE',
  'MIGRATED',
  'DELETED',
  'BANNED',
] as const;

/** Countries with their calling code and a national number shape, as `display_phone_number` writes them. */
const COUNTRIES = [
  {
    code: 'US',
    dial: '1',
    display: (random: SeededRandom) =>
      `+1 ${random.integer(201, 989)}-555-${String(random.integer(0, 9999)).padStart(4, '0')}`,
  },
  {
    code: 'BR',
    dial: '55',
    display: (random: SeededRandom) =>
      `+55 ${random.pick(['11', '21', '31', '41', '51', '61', '71', '81'])} 9${random.integer(1000, 9999)}-${String(random.integer(0, 9999)).padStart(4, '0')}`,
  },
  {
    code: 'MX',
    dial: '52',
    display: (random: SeededRandom) =>
      `+52 ${random.pick(['55', '33', '81'])} ${random.integer(1000, 9999)} ${String(random.integer(0, 9999)).padStart(4, '0')}`,
  },
  {
    code: 'IN',
    dial: '91',
    display: (random: SeededRandom) => `+91 ${random.integer(70000, 99999)} ${random.integer(10000, 99999)}`,
  },
  {
    code: 'ID',
    dial: '62',
    display: (random: SeededRandom) =>
      `+62 8${random.integer(11, 59)}-${random.integer(1000, 9999)}-${random.integer(1000, 9999)}`,
  },
  {
    code: 'GB',
    dial: '44',
    display: (random: SeededRandom) => `+44 7${random.integer(100, 999)} ${random.integer(100000, 999999)}`,
  },
] as const;

const BUSINESSES = [
  "Jasper's Market",
  'Lumen Dental',
  'Orbit Travel',
  'Casa Verde',
  'Northwind Parcels',
  'Blue Harbor Bank',
  'Pixel Pizza',
  'Atlas Gym',
  'Maple Clinic',
  'Sol Energia',
  'Kopi Kita',
  'Brightside Tutors',
] as const;
const DEPARTMENTS = ['Sales', 'Support', 'Orders', 'Billing', 'Bookings', 'Care'] as const;
const QUALITY_RATINGS = ['GREEN', 'GREEN', 'GREEN', 'YELLOW', 'RED', 'UNKNOWN', 'NA'] as const;
const LIMIT_TIERS = [
  'TIER_50',
  'TIER_250',
  'TIER_1K',
  'TIER_2K',
  'TIER_10K',
  'TIER_100K',
  'TIER_UNLIMITED',
] as const;
const CERT_STATUSES = [
  'APPROVED',
  'APPROVED',
  'NAME_PENDING_REVIEW',
  'NAME_NOT_APPROVED',
  'LIMITED_ACCESS',
] as const;

/**
 * Deterministic fake phone numbers of one business account, shaped as Graph answers with every field
 * asked: the first ones go through every status (in a seeded order), the rest are drawn; ids are
 * unique and ascending, as Graph lists numbers in a stable order its cursors walk.
 */
export function createWhatsAppCloudFakePhoneNumbers(
  random: SeededRandom,
  count: number,
): WhatsAppCloudPhoneNumber[] {
  const statuses = random.shuffle(WHATSAPP_CLOUD_STATUSES);
  const usedPhones = new Set<string>();
  const usedNames = new Map<string, number>();
  let id = 1_000_000_000_000_000 + random.integer(0, 99_999_999) * 1000;
  const numbers: WhatsAppCloudPhoneNumber[] = [];
  for (let index = 0; index < count; index++) {
    id += random.integer(1, 997);
    const country = random.pick(COUNTRIES);
    let phone = country.display(random);
    // Bounded: a collision is rare, and a counter suffix always ends it.
    for (let attempt = 0; usedPhones.has(phone) && attempt < 10; attempt++) phone = country.display(random);
    if (usedPhones.has(phone)) phone = `${phone.slice(0, -2)}${String(index % 100).padStart(2, '0')}`;
    usedPhones.add(phone);
    const baseName = `${random.pick(BUSINESSES)} ${random.pick(DEPARTMENTS)}`;
    const ordinal = (usedNames.get(baseName) ?? 0) + 1;
    usedNames.set(baseName, ordinal);
    const verifiedName = ordinal === 1 ? baseName : `${baseName} ${ordinal}`;
    const status = index < statuses.length ? statuses[index]! : random.pick(WHATSAPP_CLOUD_STATUSES);
    const live = status !== 'PENDING' && status !== 'UNVERIFIED';
    numbers.push({
      id: String(id),
      display_phone_number: phone,
      verified_name: verifiedName,
      status,
      quality_rating: random.pick(QUALITY_RATINGS),
      country_code: country.code,
      country_dial_code: country.dial,
      code_verification_status: live ? 'VERIFIED' : random.pick(['NOT_VERIFIED', 'EXPIRED'] as const),
      unified_cert_status: live ? random.pick(CERT_STATUSES) : 'NAME_PENDING_REVIEW',
      account_mode: live ? 'LIVE' : 'SANDBOX',
      host_platform: random.chance(0.9) ? 'CLOUD_API' : 'ON_PREMISE',
      messaging_limit_tier: random.pick(LIMIT_TIERS),
      is_official_business_account: random.chance(0.2),
      username: random.chance(0.4)
        ? verifiedName
            .toLowerCase()
            .replace(/[^a-z0-9]+/g, '_')
            .replace(/^_|_$/g, '')
        : null,
    });
  }
  return numbers;
}
