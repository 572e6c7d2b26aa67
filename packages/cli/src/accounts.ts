import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { AccountOptions } from '@switchboard/core';
import { describeBaseUrlProblem } from '@switchboard/runtime';
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
    const baseUrlProblem = baseUrl === '' ? undefined : describeBaseUrlProblem(baseUrl);
    if (baseUrlProblem !== undefined) throw new UsageError(`${baseUrlVariable(provider)} ${baseUrlProblem}`);
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

/** The first JSON syntax error in a text: where it is, and what was expected there in words. */
interface JsonSyntaxError {
  offset: number;
  reason: string;
}

const JSON_NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const JSON_ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

/** Where a string starting at `start` (its opening quote) ends, just past its closing quote. */
function scanJsonString(text: string, start: number): number | JsonSyntaxError {
  for (let index = start + 1; index < text.length; ) {
    const code = text.charCodeAt(index);
    if (code === 0x22) return index + 1;
    if (code < 0x20) return { offset: index, reason: 'a line break or control character inside a string' };
    if (code === 0x5c) {
      JSON_ESCAPE.lastIndex = index;
      if (!JSON_ESCAPE.test(text)) return { offset: index, reason: 'an invalid escape inside a string' };
      index = JSON_ESCAPE.lastIndex;
      continue;
    }
    index += 1;
  }
  return { offset: text.length, reason: 'a string that is never closed' };
}

/**
 * Finds the first syntax error of a JSON text by scanning it once, with an explicit stack (so that
 * nesting depth costs no recursion). V8's own messages quote the text around the error, and the
 * text holds tokens: this says where, and what was expected, and nothing of what is there.
 */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  type Expecting = 'value' | 'value or ]' | 'name or }' | 'name' | ':' | ', or end' | 'end';
  const open: string[] = [];
  let expecting: Expecting = 'value';
  let index = 0;
  const afterValue = (): Expecting => (open.length === 0 ? 'end' : ', or end');
  for (;;) {
    while (index < text.length && ' \t\n\r'.includes(text[index]!)) index += 1;
    if (index >= text.length) {
      return expecting === 'end' ? undefined : { offset: index, reason: 'the text ends too soon' };
    }
    const character = text[index]!;
    if (expecting === 'end') return { offset: index, reason: 'more text after the end of the JSON value' };
    if (expecting === ':') {
      if (character !== ':') return { offset: index, reason: 'expected ":" after a field name' };
      index += 1;
      expecting = 'value';
      continue;
    }
    if (expecting === ', or end') {
      const closer = open.at(-1) === '[' ? ']' : '}';
      if (character === ',') {
        index += 1;
        expecting = closer === ']' ? 'value' : 'name';
        continue;
      }
      if (character !== closer) return { offset: index, reason: `expected "," or "${closer}"` };
      open.pop();
      index += 1;
      expecting = afterValue();
      continue;
    }
    if (expecting === 'name or }' || expecting === 'name') {
      if (expecting === 'name or }' && character === '}') {
        open.pop();
        index += 1;
        expecting = afterValue();
        continue;
      }
      if (character !== '"') {
        return {
          offset: index,
          reason:
            character === '}' ? 'a trailing comma before "}"' : 'expected a field name in double quotes',
        };
      }
      const end = scanJsonString(text, index);
      if (typeof end !== 'number') return end;
      index = end;
      expecting = ':';
      continue;
    }
    // A value is expected.
    if (expecting === 'value or ]' && character === ']') {
      open.pop();
      index += 1;
      expecting = afterValue();
      continue;
    }
    if (character === '{' || character === '[') {
      open.push(character);
      index += 1;
      expecting = character === '{' ? 'name or }' : 'value or ]';
      continue;
    }
    if (character === '"') {
      const end = scanJsonString(text, index);
      if (typeof end !== 'number') return end;
      index = end;
      expecting = afterValue();
      continue;
    }
    const literal = ['true', 'false', 'null'].find((word) => text.startsWith(word, index));
    if (literal !== undefined) {
      index += literal.length;
      expecting = afterValue();
      continue;
    }
    JSON_NUMBER.lastIndex = index;
    if ((character === '-' || (character >= '0' && character <= '9')) && JSON_NUMBER.test(text)) {
      index = JSON_NUMBER.lastIndex;
      expecting = afterValue();
      continue;
    }
    return {
      offset: index,
      reason:
        character === ']'
          ? 'a trailing comma before "]"'
          : 'expected a value (a string in double quotes, a number, true, false, null, an object or an array)',
    };
  }
}

/** Line and column (both from 1) of an offset. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (
    let index = text.indexOf('\n');
    index !== -1 && index < offset;
    index = text.indexOf('\n', index + 1)
  ) {
    line += 1;
    lineStart = index + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** Where in the text a JSON error is and what was expected, without quoting the text (it holds tokens). */
function jsonErrorLocation(text: string): string {
  const error = findJsonSyntaxError(text);
  if (error === undefined) return '';
  const { line, column } = lineAndColumn(text, error.offset);
  return ` (line ${line}, column ${column}: ${error.reason})`;
}

/** Group and other permission bits that let someone besides the owner read a file. */
const READABLE_BY_OTHERS = 0o044;

/**
 * A warning when an accounts file holding tokens can be read by users other than its owner, as ssh
 * gives for a private key. Nothing on Windows, whose permissions these bits do not describe, and
 * nothing for a file whose accounts all name their token by `tokenEnv`.
 */
async function permissionWarning(path: string, shownAs: string, text: string): Promise<string | undefined> {
  if (process.platform === 'win32') return undefined;
  if (!/"token"\s*:/.test(text)) return undefined;
  let mode: number;
  try {
    mode = (await stat(path)).mode;
  } catch {
    return undefined;
  }
  if ((mode & READABLE_BY_OTHERS) === 0) return undefined;
  const octal = (mode & 0o777).toString(8).padStart(4, '0');
  return (
    `the accounts file ${shownAs} holds tokens and is readable by ${mode & 0o004 ? 'others' : 'its group'} ` +
    `(permissions ${octal}); restrict it with: chmod 600 ${shownAs}`
  );
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
  } catch {
    throw new UsageError(`${source} is not valid JSON${jsonErrorLocation(text.replace(/^\uFEFF/, ''))}`);
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
    const baseUrlProblem = baseUrl === undefined ? undefined : describeBaseUrlProblem(baseUrl);
    if (baseUrlProblem !== undefined) fail(`${field}.baseUrl ${baseUrlProblem}`);
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
 * none, naming the variables to set. Warns when the file holds tokens and others can read it.
 */
export async function loadAccounts({ accountsFile, env, cwd }: LoadAccountsOptions): Promise<LoadedAccounts> {
  if (accountsFile !== undefined) {
    const path = resolve(cwd, accountsFile);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read the accounts file ${accountsFile}: ${describeReadError(error)}`);
    }
    const accounts = parseAccountsFile(text, accountsFile, env);
    const warning = await permissionWarning(path, accountsFile, text);
    return { accounts, warnings: warning === undefined ? [] : [warning] };
  }
  const loaded = accountsFromEnvironment(env);
  if (loaded.accounts.length === 0) {
    throw new UsageError([noAccountsMessage(), ...loaded.warnings].join('\n'));
  }
  return loaded;
}
