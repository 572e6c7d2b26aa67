import { type Instance, ValidationError } from '@switchboard/runtime';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileInstanceFilter, phoneToE164 } from './instance-filter.js';

const PROVIDERS = ['alpha', 'beta'];

function instance(overrides: Partial<Instance> = {}): Instance {
  return {
    provider: 'alpha',
    account: 'alpha',
    id: 'id-1',
    name: 'Sales',
    status: 'connected',
    providerStatus: 'open',
    phone: '+5511999999999',
    profile: { name: null, pictureUrl: null, isBusiness: null },
    createdAt: null,
    updatedAt: null,
    expiresAt: null,
    raw: {},
    ...overrides,
  };
}

describe('phoneToE164', () => {
  it.each([
    ['+55 (11) 99999-9999', '+5511999999999'],
    ['5511999999999', '+5511999999999'],
    ['0055 11 99999 9999', '+5511999999999'],
    ['5511999999999@s.whatsapp.net', '+5511999999999'],
    ['5511999999999:12@s.whatsapp.net', '+5511999999999'],
    ['tel:+44-20-7946-0958', '+442079460958'],
    ['+1 (555) 010-0000', '+15550100000'],
  ])('reads %s as %s', (input, expected) => {
    expect(phoneToE164(input)).toBe(expected);
  });

  it('has no answer for text without digits', () => {
    expect(phoneToE164('')).toBeNull();
    expect(phoneToE164('  call me +  ')).toBeNull();
  });

  it('ignores any punctuation between the digits', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[1-9][0-9]{6,14}$/),
        fc.array(fc.constantFrom(' ', '-', '(', ')', '.', '/'), { maxLength: 15 }),
        (digits, separators) => {
          const formatted = [...digits].map((digit, index) => `${separators[index] ?? ''}${digit}`).join('');
          expect(phoneToE164(`+${formatted}`)).toBe(`+${digits}`);
          expect(phoneToE164(formatted)).toBe(`+${digits}`);
        },
      ),
    );
  });
});

describe('compileInstanceFilter', () => {
  it('matches everything without a filter', () => {
    const filter = compileInstanceFilter(undefined, PROVIDERS);
    expect(filter.matchesNothing).toBe(false);
    expect(filter.matches(instance())).toBe(true);
    expect(filter.pushDown).toEqual({});
  });

  it('matches name exactly and nameContains case-insensitively', () => {
    const exact = compileInstanceFilter({ name: 'Sales' }, PROVIDERS);
    expect(exact.matches(instance())).toBe(true);
    expect(exact.matches(instance({ name: 'sales' }))).toBe(false);
    expect(exact.matches(instance({ name: 'Sales 2' }))).toBe(false);
    expect(exact.matches(instance({ name: null }))).toBe(false);
    const contains = compileInstanceFilter({ nameContains: ['xyz', 'ALE'] }, PROVIDERS);
    expect(contains.matches(instance({ name: 'big sales' }))).toBe(true);
    expect(contains.matches(instance({ name: 'support' }))).toBe(false);
    expect(contains.matches(instance({ name: null }))).toBe(false);
  });

  it('compares phones as E.164 on both sides', () => {
    const filter = compileInstanceFilter({ phone: '55 11 99999-9999' }, PROVIDERS);
    expect(filter.matches(instance())).toBe(true);
    expect(filter.matches(instance({ phone: '5511999999999' }))).toBe(true);
    expect(filter.matches(instance({ phone: null }))).toBe(false);
    expect(filter.pushDown.phones).toEqual(['+5511999999999']);
  });

  it('selects accounts by provider and label', () => {
    const filter = compileInstanceFilter({ provider: 'beta', account: ['x', 'y'] }, PROVIDERS);
    expect(filter.selectsAccount({ provider: 'beta', label: 'x' })).toBe(true);
    expect(filter.selectsAccount({ provider: 'alpha', label: 'x' })).toBe(false);
    expect(filter.selectsAccount({ provider: 'beta', label: 'z' })).toBe(false);
  });

  it('matches nothing and selects no account when any list is empty', () => {
    const filter = compileInstanceFilter({ status: 'connected', id: [] }, PROVIDERS);
    expect(filter.matchesNothing).toBe(true);
    expect(filter.selectsAccount({ provider: 'alpha', label: 'alpha' })).toBe(false);
    expect(filter.matches(instance())).toBe(false);
  });

  it('agrees with a plain reading of the rules for any status filter', () => {
    const statuses = ['connected', 'disconnected', 'unknown', 'qr_pending'] as const;
    fc.assert(
      fc.property(fc.subarray([...statuses]), fc.constantFrom(...statuses), (wanted, actual) => {
        const filter = compileInstanceFilter({ status: wanted }, PROVIDERS);
        expect(filter.matches(instance({ status: actual }))).toBe(wanted.includes(actual));
      }),
    );
  });

  it.each([
    [null, 'filter'],
    [[], 'filter'],
    [{ provider: 'gamma' }, 'provider'],
    [{ provider: 'constructor' }, 'provider'],
    [{ status: 'CONNECTED' }, 'status'],
    [{ status: ['connected', 'online'] }, 'status[1]'],
    [{ phone: '---' }, 'phone'],
    [{ phone: 5511999999999 }, 'phone'],
    [{ name: ['ok', 3] }, 'name[1]'],
    [{ nameContains: {} }, 'nameContains'],
    [{ account: true }, 'account'],
    [{ names: 'x' }, 'names'],
    [JSON.parse('{"__proto__": {"status": "connected"}}'), '__proto__'],
  ])('refuses %j, naming %s', (input, field) => {
    let thrown: unknown;
    try {
      compileInstanceFilter(input, PROVIDERS);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as ValidationError).field).toBe(field);
  });

  it('keeps the phone out of the message of a phone it refuses', () => {
    expect(() => compileInstanceFilter({ phone: 'secret-ish' }, PROVIDERS)).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('secret-ish') }),
    );
  });
});
