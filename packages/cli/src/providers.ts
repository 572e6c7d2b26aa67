import type { ProviderKey } from '@switchboard/core';
// The registry itself, not the facade: help, usage errors and `--version` need the providers' names
// and variables, never `createSwitchboard`.
import { builtInProviders, builtInProvidersByKey } from '@switchboard/providers';

/** The provider keys in the order the CLI shows them (the registry's order). */
export const CLI_PROVIDER_KEYS: readonly ProviderKey[] = builtInProviders.map((definition) => definition.key);

export function isCliProviderKey(value: string): value is ProviderKey {
  return Object.hasOwn(builtInProvidersByKey, value);
}

function definitionOf(provider: ProviderKey): (typeof builtInProviders)[number] {
  return builtInProvidersByKey[provider];
}

export function tokenVariable(provider: ProviderKey): string {
  return definitionOf(provider).environment.token;
}

export function baseUrlVariable(provider: ProviderKey): string {
  return definitionOf(provider).environment.baseUrl;
}

/** The variables of the provider's own account options (`businessAccountId` → its variable). */
export function optionVariables(provider: ProviderKey): Readonly<Record<string, string>> {
  return definitionOf(provider).environment.options ?? {};
}

/** The account options this provider takes beyond the common ones (`pageSize`, `businessAccountId`). */
export function providerOptionKeys(provider: ProviderKey): readonly string[] {
  return definitionOf(provider).accountOptions.keys;
}

/** `A, B or C`, for messages. */
export function listWords(words: readonly string[], conjunction: 'and' | 'or'): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${conjunction} ${words.at(-1)}`;
}

/** Every provider's token variable (`A_TOKEN, B_TOKEN or C_TOKEN`), for messages. */
export function listTokenVariables(conjunction: 'and' | 'or'): string {
  return listWords(CLI_PROVIDER_KEYS.map(tokenVariable), conjunction);
}

/** Every provider's base-URL variable, for messages. */
export function listBaseUrlVariables(conjunction: 'and' | 'or'): string {
  return listWords(CLI_PROVIDER_KEYS.map(baseUrlVariable), conjunction);
}

/** The providers' display names as a phrase, for the help's first line. */
export function listDisplayNames(): string {
  return listWords(
    builtInProviders.map((definition) => definition.displayName),
    'and',
  );
}

/** One help line per provider: its variables, and whether the default base URL is a self-hosted server. */
export function environmentHelpLines(indent: string): string[] {
  const rows = builtInProviders.map((definition) => {
    const options = Object.values(definition.environment.options ?? {});
    const hosted = definition.metadata.selfHosted
      ? ` (self-hosted; default ${definition.metadata.defaultBaseUrl})`
      : '';
    return [
      definition.environment.token,
      `${definition.displayName} token${hosted}`,
      [definition.environment.baseUrl, ...options].join(', '),
    ] as const;
  });
  const first = Math.max(...rows.map(([token]) => token.length)) + 2;
  const second = Math.max(...rows.map(([, what]) => what.length)) + 2;
  return rows.map(
    ([token, what, others]) => `${indent}${token.padEnd(first)}${what.padEnd(second)}${others}`,
  );
}
