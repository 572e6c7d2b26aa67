/**
 * The conversions every adapter shares, so that a phone or a date reads the same whichever provider
 * sent it.
 */

/** Empty or blank strings carry no information in the common model. */
export function emptyToNull(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  return value.trim() === '' ? null : value;
}

/**
 * E.164 (`+5511999999999`) from what providers send: `+` numbers, bare digits that already carry the
 * country code, and WhatsApp JIDs (`5511999999999:12@s.whatsapp.net`, whose `:12` is a device
 * number, not part of the phone). Anything without digits gives null.
 */
export function toE164(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  let text = value.trim();
  const at = text.indexOf('@');
  if (at !== -1) {
    text = text.slice(0, at);
    const device = text.indexOf(':');
    if (device !== -1) text = text.slice(0, device);
  }
  const digits = text.replace(/\D+/g, '');
  return digits === '' ? null : `+${digits}`;
}

const ZONELESS_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `Date#toISOString()` form from a date-time string or epoch milliseconds; null when empty or not a
 * date. A date-time without a zone (Hypersender's `created_at`) is read as UTC: JavaScript would
 * read it as local time, which would make the result depend on the machine.
 */
export function toIsoDate(value: string | number | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  let time: number;
  if (typeof value === 'number') {
    time = value;
  } else {
    const text = value.trim();
    if (text === '') return null;
    if (ZONELESS_DATE_TIME.test(text)) time = Date.parse(`${text.replace(' ', 'T')}Z`);
    else if (DATE_ONLY.test(text)) time = Date.parse(`${text}T00:00:00Z`);
    else time = Date.parse(text);
  }
  if (!Number.isFinite(time)) return null;
  const date = new Date(time);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
