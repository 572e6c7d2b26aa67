import {
  INSTANCE_STATUSES,
  type Instance,
  type InstanceStatus,
  isInstanceStatus,
  type PushDownFilter,
  toE164,
  ValidationError,
} from '@switchboard/runtime';

/** One value, or a list of values of which any may match. */
export type OneOrMany<Value> = Value | readonly Value[];

/**
 * Which instances to list. Each field takes one value or a list (any of them matches); fields
 * combine with AND; an empty list matches nothing. Every field means the same on every provider:
 * the facade pushes what it can down to the provider's API and then applies this exact filter to
 * what comes back, so results never depend on a provider's looser or stricter matching.
 */
export interface InstanceFilter<Provider extends string = string> {
  /** Only the accounts of these providers; other accounts get no request. */
  provider?: OneOrMany<Provider>;
  /** Only the accounts with these labels; other accounts get no request. An unknown label matches nothing. */
  account?: OneOrMany<string>;
  /** The provider's instance id, exactly. */
  id?: OneOrMany<string>;
  /** The instance name, exactly (case-sensitive). */
  name?: OneOrMany<string>;
  /** A part of the instance name, case-insensitive. Instances without a name never match. */
  nameContains?: OneOrMany<string>;
  /** The common status. */
  status?: OneOrMany<InstanceStatus>;
  /** A phone number in any format (`+55 11 99999-9999`, `5511999999999`, a JID), compared as E.164. */
  phone?: OneOrMany<string>;
}

const FILTER_FIELDS = ['provider', 'account', 'id', 'name', 'nameContains', 'status', 'phone'] as const;
type FilterField = (typeof FILTER_FIELDS)[number];
const FILTER_FIELD_SET: ReadonlySet<string> = new Set(FILTER_FIELDS);

/**
 * What names an account: its provider and its label. A filter selects accounts by it, a watch polls
 * by it, and every richer account shape (`AccountSummary`) extends it.
 */
export interface AccountIdentity<Provider extends string = string> {
  readonly provider: Provider;
  readonly label: string;
}

/** A validated filter, ready to select accounts, push down and match. */
export interface CompiledInstanceFilter {
  /** True when some field is an empty list: nothing can match, so no request is sent at all. */
  readonly matchesNothing: boolean;
  /** What the provider's API may narrow by; the adapter decides what it can actually send. */
  readonly pushDown: PushDownFilter;
  /** Whether the account can hold a matching instance (the `provider` and `account` fields). */
  selectsAccount(account: AccountIdentity): boolean;
  /** The exact filter, applied to every instance that comes back. */
  matches(instance: Instance): boolean;
}

/**
 * A phone in any format, as E.164 (`+5511999999999`), or null when it holds no digits. Reads what
 * the adapters read (punctuation, bare digits that carry the country code, JIDs with a device
 * suffix) and also a leading `00`: no country code starts with 0, so it can only be the
 * international call prefix.
 */
export function phoneToE164(phone: string): string | null {
  const e164 = toE164(phone);
  if (e164?.startsWith('+00') && !phone.trim().startsWith('+')) return `+${e164.slice(3)}`;
  return e164;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Shows a rejected value in a message, short, and only for values that cannot be secrets. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a value of type ${typeof value}`;
}

function readValues(
  filter: Record<string, unknown>,
  field: FilterField,
  check: (value: unknown, fieldPath: string) => void,
): readonly string[] | undefined {
  const value = filter[field];
  if (value === undefined) return undefined;
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      check(item, `${field}[${index}]`);
    });
    return [...new Set(value as string[])];
  }
  check(value, field);
  return [value as string];
}

function requireString(value: unknown, fieldPath: string): void {
  if (typeof value !== 'string') {
    throw new ValidationError(`filter.${fieldPath} must be a string, got ${describeValue(value)}`, {
      field: fieldPath,
    });
  }
}

/**
 * Validates a filter as a caller may really pass it (JavaScript, JSON, CLI flags) and compiles it.
 * Throws `ValidationError` naming the field for an unknown field, a wrong type, an unknown provider
 * or status, or a phone without digits. `undefined` fields are ignored, so `{ status: undefined }`
 * is the same as `{}`.
 */
export function compileInstanceFilter(
  input: unknown,
  providerKeys: readonly string[],
): CompiledInstanceFilter {
  if (input === undefined) return MATCH_ALL;
  if (!isPlainObject(input)) {
    throw new ValidationError(`The filter must be an object, got ${describeValue(input)}`, {
      field: 'filter',
    });
  }
  for (const key of Object.keys(input)) {
    if (key === '__proto__' || !FILTER_FIELD_SET.has(key)) {
      throw new ValidationError(
        `Unknown filter field ${describeValue(key)}; the fields are ${FILTER_FIELDS.join(', ')}`,
        { field: key },
      );
    }
  }
  const knownProviders: ReadonlySet<string> = new Set(providerKeys);

  const providers = readValues(input, 'provider', (value, fieldPath) => {
    requireString(value, fieldPath);
    if (!knownProviders.has(value as string)) {
      throw new ValidationError(
        `filter.${fieldPath} must be one of ${providerKeys.join(', ')}, got ${describeValue(value)}`,
        { field: fieldPath },
      );
    }
  });
  const accounts = readValues(input, 'account', requireString);
  const ids = readValues(input, 'id', requireString);
  const names = readValues(input, 'name', requireString);
  const nameParts = readValues(input, 'nameContains', requireString);
  const statuses = readValues(input, 'status', (value, fieldPath) => {
    if (!isInstanceStatus(value)) {
      throw new ValidationError(
        `filter.${fieldPath} must be one of ${INSTANCE_STATUSES.join(', ')}, got ${describeValue(value)}`,
        { field: fieldPath },
      );
    }
  }) as readonly InstanceStatus[] | undefined;
  const phones = readValues(input, 'phone', (value, fieldPath) => {
    requireString(value, fieldPath);
    // The number itself stays out of the message: it is personal data.
    if (phoneToE164(value as string) === null) {
      throw new ValidationError(`filter.${fieldPath} must contain the digits of a phone number`, {
        field: fieldPath,
      });
    }
  })?.map((phone) => phoneToE164(phone)!);

  const lists = [providers, accounts, ids, names, nameParts, statuses, phones];
  const matchesNothing = lists.some((list) => list !== undefined && list.length === 0);

  const providerSet = providers && new Set(providers);
  const accountSet = accounts && new Set(accounts);
  const idSet = ids && new Set(ids);
  const nameSet = names && new Set(names);
  const lowerNameParts = nameParts?.map((part) => part.toLowerCase());
  const statusSet = statuses && new Set<string>(statuses);
  const phoneSet = phones && new Set(phones);

  const pushDown: PushDownFilter = {
    ...(ids && { ids }),
    ...(names && { names }),
    ...(statuses && { statuses }),
    ...(phones && { phones: [...new Set(phones)] }),
  };

  return {
    matchesNothing,
    pushDown,
    selectsAccount(account) {
      if (matchesNothing) return false;
      if (providerSet && !providerSet.has(account.provider)) return false;
      if (accountSet && !accountSet.has(account.label)) return false;
      return true;
    },
    matches(instance) {
      if (matchesNothing) return false;
      if (providerSet && !providerSet.has(instance.provider)) return false;
      if (accountSet && !accountSet.has(instance.account)) return false;
      if (idSet && !idSet.has(instance.id)) return false;
      if (nameSet && (instance.name === null || !nameSet.has(instance.name))) return false;
      if (lowerNameParts) {
        const lowerName = instance.name?.toLowerCase();
        if (lowerName === undefined || !lowerNameParts.some((part) => lowerName.includes(part))) return false;
      }
      if (statusSet && !statusSet.has(instance.status)) return false;
      if (phoneSet) {
        const phone = instance.phone === null ? null : phoneToE164(instance.phone);
        if (phone === null || !phoneSet.has(phone)) return false;
      }
      return true;
    },
  };
}

const MATCH_ALL: CompiledInstanceFilter = {
  matchesNothing: false,
  pushDown: {},
  selectsAccount: () => true,
  matches: () => true,
};
