import type { ProviderKey } from '@switchboard/core';

/**
 * The prefix of each provider's environment variables: `ZAPI_TOKEN`, `ZAPI_BASE_URL` and so on.
 * `satisfies` makes a fifth provider in core a compile error here until it gets its variables.
 */
export const PROVIDER_ENVIRONMENT_PREFIX = {
  'z-api': 'ZAPI',
  ryzeapi: 'RYZEAPI',
  hypersender: 'HYPERSENDER',
  wachat: 'WACHAT',
} as const satisfies Record<ProviderKey, string>;

/** The provider keys in the order the CLI shows them (core's order). */
export const CLI_PROVIDER_KEYS = Object.keys(PROVIDER_ENVIRONMENT_PREFIX) as ProviderKey[];

export function isCliProviderKey(value: string): value is ProviderKey {
  return (CLI_PROVIDER_KEYS as readonly string[]).includes(value);
}

export function tokenVariable(provider: ProviderKey): string {
  return `${PROVIDER_ENVIRONMENT_PREFIX[provider]}_TOKEN`;
}

export function baseUrlVariable(provider: ProviderKey): string {
  return `${PROVIDER_ENVIRONMENT_PREFIX[provider]}_BASE_URL`;
}

/** `ZAPI_TOKEN, RYZEAPI_TOKEN, HYPERSENDER_TOKEN or WACHAT_TOKEN`, for messages. */
export function listTokenVariables(conjunction: 'and' | 'or'): string {
  const names = CLI_PROVIDER_KEYS.map(tokenVariable);
  return `${names.slice(0, -1).join(', ')} ${conjunction} ${names.at(-1)}`;
}
