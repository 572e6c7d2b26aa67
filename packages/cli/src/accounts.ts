import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { AccountOptions } from '@switchboard/core';
import {
  baseUrlVariable,
  CLI_PROVIDER_KEYS,
  isCliProviderKey,
  listBaseUrlVariables,
  listTokenVariables,
  optionVariables,
  providerOptionKeys,
  tokenVariable,
} from './providers.js';
import { UsageError } from './usage-error.js';

export type Environment = Readonly<Record<string, string | undefined>>;

/** The accounts to list, and anything odd noticed on the way that the user should hear about. */
export interface LoadedAccounts {
  accounts: AccountOptions[];
  warnings: string[];
}

/** The fields every account of the file takes; each provider adds its own (`pageSize`, `businessAccountId`). */
const COMMON_ACCOUNT_KEYS = ['provider', 'token', 'tokenEnv', 'label', 'baseUrl', 'rateLimit'];
const FILE_KEYS = ['accounts', '$schema'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Shows a value in a message; only for values that cannot be secrets (never a token). */
function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** Whether a text is an absolute http(s) URL. The URL itself never goes into a message: it may hold credentials. */
function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * One account per provider whose `<PREFIX>_TOKEN` is set (and not blank), labelled by provider key,
 * at `<PREFIX>_BASE_URL` when that is set. A base URL without a token is reported as a warning, since
 * it is almost always a forgotten token.
 */
export function accountsFromEnvironment(env: Environment): LoadedAccounts {
  const accounts: AccountOptions[] = [];
  const warnings: string[] = [];
  for (const provider of CLI_PROVIDER_KEYS) {
    const token = env[tokenVariable(provider)]?.trim() ?? '';
    const baseUrl = env[baseUrlVariable(provider)]?.trim() ?? '';
    if (token === '') {
      if (baseUrl !== '') {
        warnings.push(
          `${baseUrlVariable(provider)} is set but ${tokenVariable(provider)} is not, so no ${provider} account is listed`,
        );
      }
      continue;
    }
    if (baseUrl !== '' && !isHttpUrl(baseUrl)) {
      throw new UsageError(`${baseUrlVariable(provider)} must be an absolute http or https URL`);
    }
    // The provider's own options (WhatsApp Cloud's business account id), checked by createSwitchboard.
    const options: Record<string, string> = {};
    for (const [option, variable] of Object.entries(optionVariables(provider))) {
      const value = env[variable]?.trim() ?? '';
      if (value !== '') options[option] = value;
    }
    accounts.push({
      provider,
      token,
      label: provider,
      ...(baseUrl === '' ? {} : { baseUrl }),
      ...options,
    } as AccountOptions);
  }
  return { accounts, warnings };
}

/** Where in the text a JSON error is, from V8's message, without quoting the text (it holds tokens). */
function jsonErrorLocation(text: string, error: unknown): string {
  const position = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
  if (position === undefined) return '';
  const before = text.slice(0, Number(position));
  const line = before.split('\n').length;
  const column = Number(position) - before.lastIndexOf('\n');
  return ` (line ${line}, column ${column})`;
}

/**
 * Reads an accounts file's JSON: an array of accounts, or `{ "accounts": [...] }`. Each account is
 * `{ provider, token | tokenEnv, label?, baseUrl?, rateLimit?, …the provider's own options }`; `tokenEnv` names an
 * environment variable holding the token, so the file itself need not hold secrets. Throws
 * `UsageError` naming the file and the field at fault; a token's value never appears in a message.
 */
export function parseAccountsFile(text: string, source: string, env: Environment): AccountOptions[] {
  let document: unknown;
  try {
    document = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new UsageError(`${source} is not valid JSON${jsonErrorLocation(text, error)}`);
  }
  const fail = (message: string): never => {
    throw new UsageError(`${source}: ${message}`);
  };
  let entries: unknown;
  if (Array.isArray(document)) {
    entries = document;
  } else if (isRecord(document)) {
    for (const key of Object.keys(document)) {
      if (!FILE_KEYS.includes(key)) fail(`unknown field ${show(key)}; the file holds { "accounts": [...] }`);
    }
    entries = document.accounts;
    if (!Array.isArray(entries)) fail('"accounts" must be an array of accounts');
  } else {
    fail('must hold an array of accounts, or { "accounts": [...] }');
  }
  const list = entries as unknown[];
  if (list.length === 0) fail('lists no accounts');

  const labels = new Set<string>();
  return list.map((entry, index): AccountOptions => {
    const field = `accounts[${index}]`;
    if (!isRecord(entry)) return fail(`${field} must be an object, got ${show(entry)}`);
    const { provider, token, tokenEnv, label, baseUrl } = entry;
    if (typeof provider !== 'string' || !isCliProviderKey(provider)) {
      return fail(`${field}.provider must be one of ${CLI_PROVIDER_KEYS.join(', ')}, got ${show(provider)}`);
    }
    const ownKeys = providerOptionKeys(provider);
    const knownKeys = [...COMMON_ACCOUNT_KEYS, ...ownKeys];
    for (const key of Object.keys(entry)) {
      if (!knownKeys.includes(key)) {
        fail(`${field} has an unknown field ${show(key)}; the fields are ${knownKeys.join(', ')}`);
      }
    }
    let resolvedToken: string;
    if (token !== undefined && tokenEnv !== undefined) {
      return fail(`${field} has both "token" and "tokenEnv"; give one`);
    } else if (tokenEnv !== undefined) {
      if (typeof tokenEnv !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(tokenEnv)) {
        return fail(`${field}.tokenEnv must name an environment variable, got ${show(tokenEnv)}`);
      }
      resolvedToken = env[tokenEnv]?.trim() ?? '';
      if (resolvedToken === '') fail(`${field}.tokenEnv names ${tokenEnv}, which is not set`);
    } else {
      // A wrong-typed token may still be a secret: its value is never described.
      if (typeof token !== 'string') return fail(`${field} needs a "token" string (or a "tokenEnv")`);
      resolvedToken = token.trim();
      if (resolvedToken === '') fail(`${field}.token is empty`);
    }
    if (label !== undefined) {
      if (typeof label !== 'string' || label.trim() === '') {
        fail(`${field}.label must be a non-empty string`);
      }
      if (labels.has(label as string)) fail(`${field}.label repeats ${show(label)}; labels must be unique`);
      labels.add(label as string);
    }
    if (baseUrl !== undefined && (typeof baseUrl !== 'string' || !isHttpUrl(baseUrl))) {
      fail(`${field}.baseUrl must be an absolute http or https URL`);
    }
    const account: Record<string, unknown> = { provider, token: resolvedToken };
    if (label !== undefined) account.label = label as string;
    if (baseUrl !== undefined) account.baseUrl = baseUrl as string;
    // Checked by createSwitchboard (the provider's definition), whose messages name the same `accounts[i]` path.
    if (entry.rateLimit !== undefined) account.rateLimit = entry.rateLimit;
    for (const key of ownKeys) if (entry[key] !== undefined) account[key] = entry[key];
    return account as AccountOptions;
  });
}

function describeReadError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return typeof code === 'string' ? code : 'unreadable';
}

/** What to say when no account is configured: where accounts come from, and how to try without one. */
export function noAccountsMessage(): string {
  return [
    'no account configured.',
    `Set ${listTokenVariables('or')} to an account's token`,
    `(and ${listBaseUrlVariables('or')} to point it elsewhere),`,
    'or pass --accounts <file.json> for many accounts. To try switchboard without an account: switchboard demo',
  ].join('\n');
}

export interface LoadAccountsOptions {
  accountsFile: string | undefined;
  env: Environment;
  /** Where a relative `--accounts` path starts from. */
  cwd: string;
}

/**
 * The accounts of `instances list`: from the accounts file when one is given (the environment's
 * token variables are then ignored), else from the environment. Throws `UsageError` when there is
 * none, naming the variables to set.
 */
export async function loadAccounts({ accountsFile, env, cwd }: LoadAccountsOptions): Promise<LoadedAccounts> {
  if (accountsFile !== undefined) {
    let text: string;
    try {
      text = await readFile(resolve(cwd, accountsFile), 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read the accounts file ${accountsFile}: ${describeReadError(error)}`);
    }
    return { accounts: parseAccountsFile(text, accountsFile, env), warnings: [] };
  }
  const loaded = accountsFromEnvironment(env);
  if (loaded.accounts.length === 0) {
    throw new UsageError([noAccountsMessage(), ...loaded.warnings].join('\n'));
  }
  return loaded;
}
