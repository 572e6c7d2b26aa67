/**
 * The conversions every adapter shares, so that a phone or a date reads the same whichever provider
 * sent it.
 */

/** Empty or blank strings carry no information in the common model. */
export function emptyToNull(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  return value.trim() === '' ? null : value;
}

/** The JID servers whose user part is a phone number: WhatsApp's own, and the legacy `c.us`. */
const PHONE_JID_SERVERS: ReadonlySet<string> = new Set(['s.whatsapp.net', 'c.us']);

/**
 * E.164 (`+5511999999999`) from what providers send: `+` numbers, bare digits that already carry the
 * country code, and WhatsApp JIDs (`5511999999999:12@s.whatsapp.net`, whose `:12` is a device
 * number, not part of the phone). Anything without digits gives null, and so does a JID of another
 * server: `@lid` (a linked-device id that hides the number) and `@g.us` (a group) hold no phone.
 */
export function toE164(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  let text = value.trim();
  const at = text.indexOf('@');
  if (at !== -1) {
    if (!PHONE_JID_SERVERS.has(text.slice(at + 1).toLowerCase())) return null;
    text = text.slice(0, at);
    const device = text.indexOf(':');
    if (device !== -1) text = text.slice(0, device);
  }
  let digits = text.replace(/\D+/g, '');
  // No country code starts with 0, so a leading `00` can only be the international call prefix
  // (the facade's filter reads phones the same way, so that filter and instance compare equal).
  if (!text.startsWith('+') && digits.startsWith('00')) digits = digits.slice(2);
  return digits === '' ? null : `+${digits}`;
}

/**
 * ISO 8601 as providers send it: a date, or a date and a time joined by `T` or a space, seconds and
 * fraction optional, and a zone (`Z`, `+03:00`, `+0300`, `+03`) or none.
 */
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/** RFC 2822 / HTTP dates (`Tue, 28 Apr 2026 10:30:00 GMT`), only with their zone. */
const RFC_2822_DATE_TIME =
  /^(?:[a-z]{3},?\s+)?\d{1,2}\s+[a-z]{3}\s+\d{4}\s+\d{2}:\d{2}(?::\d{2})?\s+(?:GMT|UTC|UT|Z|[+-]\d{4})$/i;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** Epoch milliseconds of an ISO 8601 text, or NaN when it names no real instant (`2025-02-30`). */
function parseIsoDateTime(match: RegExpExecArray): number {
  const [, year, month, day, hour = '00', minute = '00', second = '00', fraction, zone] = match;
  const monthNumber = Number(month);
  const dayNumber = Number(day);
  if (monthNumber < 1 || monthNumber > 12 || dayNumber < 1) return Number.NaN;
  const monthLength = monthNumber === 2 && isLeapYear(Number(year)) ? 29 : DAYS_IN_MONTH[monthNumber - 1]!;
  if (dayNumber > monthLength) return Number.NaN;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return Number.NaN;
  const milliseconds = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
  // No zone reads as UTC: JavaScript would read it as local time, so the result would depend on
  // the machine.
  let offsetMinutes = 0;
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const offsetHours = Number(digits.slice(0, 2));
    const offsetMinutesPart = Number(digits.slice(2) || '0');
    // Real offsets run from -12:00 to +14:00; anything else is not a date.
    if (offsetHours > 14 || offsetMinutesPart > 59) return Number.NaN;
    const minutes = offsetHours * 60 + offsetMinutesPart;
    offsetMinutes = zone[0] === '-' ? -minutes : minutes;
  }
  // Arithmetic rather than Date.parse of a rebuilt string: this runs on every date of every item.
  const yearNumber = Number(year);
  let time = Date.UTC(
    yearNumber,
    monthNumber - 1,
    dayNumber,
    Number(hour),
    Number(minute),
    Number(second),
    milliseconds,
  );
  // Date.UTC reads years 0-99 as 1900-1999.
  if (yearNumber < 100) time = new Date(time).setUTCFullYear(yearNumber);
  return time - offsetMinutes * 60_000;
}

/** The digits at `start` to `start + length` of `text` as a number, or -1 when one is not a digit. */
function digitsAt(text: string, start: number, length: number): number {
  let value = 0;
  for (let index = start; index < start + length; index++) {
    const digit = text.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * The `toISOString()` form of a text already in it (`2026-04-28T10:30:00.000Z`) or in it without the
 * milliseconds (`2026-04-28T10:30:00Z`), checked without a regular expression or a `Date`: most
 * providers send one of these two, and this runs on every date of every item. Undefined for any
 * other text, which then takes the general path.
 */
function canonicalIsoDate(text: string): string | null | undefined {
  const length = text.length;
  if (length !== 24 && length !== 20) return undefined;
  if (
    text.charCodeAt(4) !== 45 || // -
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(10) !== 84 || // T
    text.charCodeAt(13) !== 58 || // :
    text.charCodeAt(16) !== 58 ||
    text.charCodeAt(length - 1) !== 90 || // Z
    (length === 24 && text.charCodeAt(19) !== 46) // .
  ) {
    return undefined;
  }
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  const milliseconds = length === 24 ? digitsAt(text, 20, 3) : 0;
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0 || milliseconds < 0) {
    return undefined;
  }
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const monthLength = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]!;
  if (day > monthLength) return null;
  return length === 24 ? text : `${text.slice(0, 19)}.000Z`;
}

/**
 * `Date#toISOString()` form from a date-time string or epoch milliseconds; null when empty or not a
 * date. A date-time without a zone (a `created_at` of `2024-05-01 10:00:00`) is read as UTC. Only ISO 8601 and
 * RFC 2822 with a zone are read: `Date.parse` alone would turn text such as `1` or `May 5` into a
 * date in the machine's zone.
 */
export function toIsoDate(value: string | number | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  let time: number;
  if (typeof value === 'number') {
    time = value;
  } else {
    const canonical = canonicalIsoDate(value);
    if (canonical !== undefined) return canonical;
    const text = value.trim();
    const iso = ISO_DATE_TIME.exec(text);
    if (iso !== null) time = parseIsoDateTime(iso);
    else if (RFC_2822_DATE_TIME.test(text)) time = Date.parse(text);
    else return null;
  }
  if (!Number.isFinite(time)) return null;
  const date = new Date(time);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
