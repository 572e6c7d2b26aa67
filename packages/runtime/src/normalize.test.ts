import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyToNull, toE164, toIsoDate } from './normalize.js';

describe('toE164', () => {
  it.each([
    ['5511999999999@s.whatsapp.net', '+5511999999999'],
    ['5511999999999:12@s.whatsapp.net', '+5511999999999'],
    ['628123456789:3@s.whatsapp.net', '+628123456789'],
    ['5511999999999', '+5511999999999'],
    ['+201234567890', '+201234567890'],
    ['+55 11 99999-9999', '+5511999999999'],
    ['+55 (11) 9 9999-9999', '+5511999999999'],
    ['55-11-99999-9999', '+5511999999999'],
    ['  5511999999999  ', '+5511999999999'],
    ['0055 11 99999 9999', '+5511999999999'],
  ])('reads %j as %j', (input, expected) => {
    expect(toE164(input)).toBe(expected);
  });

  it('keeps the digits after a leading + even when they start with 0', () => {
    // Only a bare `00` is the international call prefix; after `+` the text is already E.164-ish.
    expect(toE164('+0055')).toBe('+0055');
  });

  it.each(['', '   ', 'no phone', '+', '--', '@s.whatsapp.net', ':12@s.whatsapp.net'])(
    'gives null for %j, which holds no digits',
    (input) => {
      expect(toE164(input)).toBeNull();
    },
  );

  it.each([
    ['5511999999999@c.us', '+5511999999999'],
    ['5511999999999:7@S.WhatsApp.Net', '+5511999999999'],
  ])('reads the JID %j of a phone server as %j', (input, expected) => {
    expect(toE164(input)).toBe(expected);
  });

  it.each([
    '123456789012345@lid',
    '123456789012345:4@lid',
    '120363025246125486@g.us',
    '5511999999999@example.com',
  ])('gives null for %j, a JID whose user part is no phone number', (input) => {
    expect(toE164(input)).toBeNull();
  });

  it('gives null for null and undefined', () => {
    expect(toE164(null)).toBeNull();
    expect(toE164(undefined)).toBeNull();
  });

  it('reads a JID, with or without a device, as the plain number', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[1-9]\d{6,14}$/),
        fc.option(fc.integer({ min: 0, max: 99 }), { nil: undefined }),
        (digits, device) => {
          const jid =
            device === undefined ? `${digits}@s.whatsapp.net` : `${digits}:${device}@s.whatsapp.net`;
          expect(toE164(jid)).toBe(`+${digits}`);
          expect(toE164(digits)).toBe(`+${digits}`);
          expect(toE164(`+${digits}`)).toBe(`+${digits}`);
        },
      ),
    );
  });

  it('always gives null or + followed by digits', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const phone = toE164(text);
        if (phone !== null) expect(phone).toMatch(/^\+\d+$/);
      }),
    );
  });
});

describe('toIsoDate', () => {
  const originalTimeZone = process.env.TZ;
  afterEach(() => {
    if (originalTimeZone === undefined) delete process.env.TZ;
    else process.env.TZ = originalTimeZone;
  });

  it.each(['UTC', 'America/Sao_Paulo', 'Asia/Kolkata', 'Pacific/Kiritimati', 'America/Adak'])(
    'reads a zone-less date-time as UTC with TZ=%s',
    (timeZone) => {
      process.env.TZ = timeZone;
      expect(toIsoDate('2025-05-26T10:12:45')).toBe('2025-05-26T10:12:45.000Z');
      expect(toIsoDate('2025-05-26 10:12:45')).toBe('2025-05-26T10:12:45.000Z');
      expect(toIsoDate('2025-05-26T10:12')).toBe('2025-05-26T10:12:00.000Z');
      expect(toIsoDate('2025-05-26T10:12:45.5')).toBe('2025-05-26T10:12:45.500Z');
      expect(toIsoDate('2025-05-26')).toBe('2025-05-26T00:00:00.000Z');
    },
  );

  it('proves the zone changed: JavaScript itself reads the zone-less form as local time', () => {
    process.env.TZ = 'America/Sao_Paulo';
    // If this failed, the test above would not be testing anything.
    expect(new Date('2025-05-26T10:12:45').toISOString()).toBe('2025-05-26T13:12:45.000Z');
  });

  it.each([
    ['2026-04-28T10:30:00Z', '2026-04-28T10:30:00.000Z'],
    ['2026-06-13T08:00:00.000Z', '2026-06-13T08:00:00.000Z'],
    ['2026-04-28T10:30:00+03:00', '2026-04-28T07:30:00.000Z'],
    ['2026-04-28T10:30:00-0300', '2026-04-28T13:30:00.000Z'],
    ['2026-04-28T10:30:00+05', '2026-04-28T05:30:00.000Z'],
    ['2026-04-28T10:30:00.123456Z', '2026-04-28T10:30:00.123Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    ['Tue, 28 Apr 2026 10:30:00 GMT', '2026-04-28T10:30:00.000Z'],
  ])('reads %j, which carries its zone, as %j', (input, expected) => {
    process.env.TZ = 'Asia/Kolkata';
    expect(toIsoDate(input)).toBe(expected);
  });

  it('reads epoch milliseconds', () => {
    expect(toIsoDate(1648565999675)).toBe('2022-03-29T14:59:59.675Z');
    expect(toIsoDate(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(toIsoDate(-1)).toBe('1969-12-31T23:59:59.999Z');
  });

  it.each([
    '',
    '   ',
    'not a date',
    'garbage 2025-05-26T10:12:45',
    '1',
    '12',
    '0',
    'hello 2',
    'May 5',
    '2025',
    '2025-13-01T00:00:00Z',
    '2025-02-29T00:00:00Z',
    '2025-04-31',
    '2025-05-26T25:00:00',
    '2025-05-26T10:60:00',
    '2025-05-26T10:12:45+25:00',
  ])('gives null for %j, which is not a date', (input) => {
    process.env.TZ = 'America/Sao_Paulo';
    expect(toIsoDate(input)).toBeNull();
  });

  it('gives null for null, undefined and numbers outside the Date range', () => {
    expect(toIsoDate(null)).toBeNull();
    expect(toIsoDate(undefined)).toBeNull();
    expect(toIsoDate(Number.NaN)).toBeNull();
    expect(toIsoDate(Number.POSITIVE_INFINITY)).toBeNull();
    expect(toIsoDate(8.64e15 + 1)).toBeNull();
  });

  it('round-trips every instant, in every form it accepts', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1970-01-01T00:00:00.000Z'),
          max: new Date('2100-01-01T00:00:00.000Z'),
          noInvalidDate: true,
        }),
        (date) => {
          const iso = date.toISOString();
          expect(toIsoDate(iso)).toBe(iso);
          expect(toIsoDate(date.getTime())).toBe(iso);
          // One provider's form: seconds, no fraction, no zone.
          expect(toIsoDate(iso.slice(0, 19))).toBe(`${iso.slice(0, 19)}.000Z`);
        },
      ),
    );
  });

  it('reads the toISOString() forms on their fast path exactly as the general path reads them', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('0000-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z') }),
        (date) => {
          fc.pre(!Number.isNaN(date.getTime()));
          const iso = date.toISOString();
          expect(toIsoDate(iso)).toBe(iso);
          expect(toIsoDate(`${iso.slice(0, 19)}Z`)).toBe(`${iso.slice(0, 19)}.000Z`);
          // A space before the text skips the fast path: both must agree.
          expect(toIsoDate(` ${iso}`)).toBe(iso);
        },
      ),
    );
    // Shaped like the fast path's forms but not real instants, or not digits where digits go.
    for (const text of [
      '2025-02-29T00:00:00.000Z',
      '2025-00-10T00:00:00Z',
      '2025-04-31T00:00:00Z',
      '2025-05-26T24:00:00.000Z',
      '2025-05-26T10:12:60Z',
      '2025-05-2xT10:12:45.000Z',
    ]) {
      expect(toIsoDate(text), text).toBeNull();
    }
    expect(toIsoDate('2024-02-29T23:59:59.999Z')).toBe('2024-02-29T23:59:59.999Z');
    expect(toIsoDate('2026-04-28t10:30:00z')).toBe('2026-04-28T10:30:00.000Z');
  });

  it('always gives null or a string Date#toISOString() gives back unchanged', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.double(), fc.integer()), (value) => {
        const result = toIsoDate(value);
        if (result !== null) expect(new Date(result).toISOString()).toBe(result);
      }),
    );
  });
});

describe('emptyToNull', () => {
  it.each([
    ['', null],
    ['   ', null],
    ['\t\n', null],
    [null, null],
    [undefined, null],
    ['sales', 'sales'],
    [' sales ', ' sales '],
    ['0', '0'],
  ] as const)('maps %j to %j', (input, expected) => {
    expect(emptyToNull(input)).toBe(expected);
  });
});
