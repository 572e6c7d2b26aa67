import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { accountsFromEnvironment, loadAccounts, parseAccountsFile } from './accounts.js';
import { UsageError } from './usage-error.js';

const SECRET = 'sk-very-secret-token-value';

function errorOf(read: () => unknown): UsageError {
  try {
    read();
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error('expected a usage error');
}

describe('accountsFromEnvironment', () => {
  it('makes one account per token variable, labelled by provider key, in provider order', () => {
    const { accounts, warnings } = accountsFromEnvironment({
      WACHAT_TOKEN: 'w-token',
      ZAPI_TOKEN: ' z-token ',
      RYZEAPI_TOKEN: 'r-token',
      RYZEAPI_BASE_URL: 'http://127.0.0.1:4010/api',
    });
    expect(accounts).toEqual([
      { provider: 'z-api', token: 'z-token', label: 'z-api' },
      { provider: 'ryzeapi', token: 'r-token', label: 'ryzeapi', baseUrl: 'http://127.0.0.1:4010/api' },
      { provider: 'wachat', token: 'w-token', label: 'wachat' },
    ]);
    expect(warnings).toEqual([]);
  });

  it('ignores blank tokens and warns about a base URL without its token', () => {
    const { accounts, warnings } = accountsFromEnvironment({
      HYPERSENDER_TOKEN: '   ',
      HYPERSENDER_BASE_URL: 'http://127.0.0.1:1/api/whatsapp/v1',
    });
    expect(accounts).toEqual([]);
    expect(warnings).toEqual([
      'HYPERSENDER_BASE_URL is set but HYPERSENDER_TOKEN is not, so no hypersender account is listed',
    ]);
  });

  it('refuses a base URL that is not http(s), without printing it', () => {
    const error = errorOf(() =>
      accountsFromEnvironment({ ZAPI_TOKEN: 'z', ZAPI_BASE_URL: `ftp://user:${SECRET}@host` }),
    );
    expect(error.message).toBe('ZAPI_BASE_URL must be an absolute http or https URL');
  });
});

describe('parseAccountsFile', () => {
  it('reads an array of accounts', () => {
    const text = JSON.stringify([
      { provider: 'ryzeapi', token: SECRET, label: 'br-sales', baseUrl: 'https://ryzeapi.example/api' },
      { provider: 'z-api', token: 'z' },
    ]);
    expect(parseAccountsFile(text, 'accounts.json', {})).toEqual([
      { provider: 'ryzeapi', token: SECRET, label: 'br-sales', baseUrl: 'https://ryzeapi.example/api' },
      { provider: 'z-api', token: 'z' },
    ]);
  });

  it('reads { accounts: [...] } and tokens from the variables tokenEnv names', () => {
    const text = JSON.stringify({
      $schema: './accounts.schema.json',
      accounts: [{ provider: 'wachat', tokenEnv: 'WACHAT_BR', label: 'br', pageSize: 50 }],
    });
    expect(parseAccountsFile(text, 'a.json', { WACHAT_BR: SECRET })).toEqual([
      { provider: 'wachat', token: SECRET, label: 'br', pageSize: 50 },
    ]);
  });

  it.each([
    ['[]', 'a.json: lists no accounts'],
    ['{"accounts": {}}', 'a.json: "accounts" must be an array of accounts'],
    ['{"acounts": []}', 'a.json: unknown field "acounts"; the file holds { "accounts": [...] }'],
    ['"text"', 'a.json: must hold an array of accounts, or { "accounts": [...] }'],
    ['[1]', 'a.json: accounts[0] must be an object, got a number'],
    [
      '[{"provider": "zapi", "token": "x"}]',
      'a.json: accounts[0].provider must be one of z-api, ryzeapi, hypersender, wachat, got "zapi"',
    ],
    ['[{"provider": "z-api"}]', 'a.json: accounts[0] needs a "token" string (or a "tokenEnv")'],
    [
      '[{"provider": "z-api", "token": 12345}]',
      'a.json: accounts[0] needs a "token" string (or a "tokenEnv")',
    ],
    ['[{"provider": "z-api", "token": "  "}]', 'a.json: accounts[0].token is empty'],
    [
      '[{"provider": "z-api", "token": "a", "tokenEnv": "B"}]',
      'a.json: accounts[0] has both "token" and "tokenEnv"; give one',
    ],
    [
      '[{"provider": "z-api", "tokenEnv": "NOT_SET"}]',
      'a.json: accounts[0].tokenEnv names NOT_SET, which is not set',
    ],
    [
      '[{"provider": "z-api", "tokenEnv": "bad name"}]',
      'a.json: accounts[0].tokenEnv must name an environment variable, got "bad name"',
    ],
    [
      '[{"provider": "z-api", "token": "a", "label": ""}]',
      'a.json: accounts[0].label must be a non-empty string',
    ],
    [
      '[{"provider": "z-api", "token": "a", "label": "x"}, {"provider": "wachat", "token": "b", "label": "x"}]',
      'a.json: accounts[1].label repeats "x"; labels must be unique',
    ],
    [
      '[{"provider": "z-api", "token": "a", "baseUrl": "api.z-api.io"}]',
      'a.json: accounts[0].baseUrl must be an absolute http or https URL',
    ],
    [
      '[{"provider": "z-api", "token": "a", "apiKey": "b"}]',
      'a.json: accounts[0] has an unknown field "apiKey"; the fields are provider, token, tokenEnv, label, baseUrl, pageSize, rateLimit',
    ],
  ])('refuses %s with a message naming the field', (text, message) => {
    expect(errorOf(() => parseAccountsFile(text, 'a.json', {})).message).toBe(message);
  });

  it('reports invalid JSON by position without quoting the file, which holds tokens', () => {
    const text = `[\n  {"provider": "z-api", "token": "${SECRET}",}\n]`;
    const error = errorOf(() => parseAccountsFile(text, 'a.json', {}));
    expect(error.message).toMatch(/^a\.json is not valid JSON/);
    expect(error.message).not.toContain(SECRET);
  });

  it('never shows a token whose type is wrong', () => {
    const error = errorOf(() =>
      parseAccountsFile(`[{"provider": "z-api", "token": ["${SECRET}"]}]`, 'a.json', {}),
    );
    expect(error.message).not.toContain(SECRET);
  });
});

describe('loadAccounts', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'switchboard-cli-accounts-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('reads the file relative to cwd and then ignores the token variables', async () => {
    await writeFile(
      join(directory, 'accounts.json'),
      JSON.stringify([{ provider: 'hypersender', token: 'h' }]),
    );
    const loaded = await loadAccounts({
      accountsFile: 'accounts.json',
      cwd: directory,
      env: { ZAPI_TOKEN: 'z' },
    });
    expect(loaded.accounts).toEqual([{ provider: 'hypersender', token: 'h' }]);
  });

  it('says when the file cannot be read', async () => {
    await expect(loadAccounts({ accountsFile: 'missing.json', cwd: directory, env: {} })).rejects.toThrow(
      'cannot read the accounts file missing.json: no such file',
    );
  });

  it('names every token variable and the demo when no account is configured', async () => {
    const error = await loadAccounts({ accountsFile: undefined, cwd: directory, env: {} }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(UsageError);
    const message = (error as UsageError).message;
    for (const variable of [
      'ZAPI_TOKEN',
      'RYZEAPI_TOKEN',
      'HYPERSENDER_TOKEN',
      'WACHAT_TOKEN',
      '--accounts',
    ]) {
      expect(message).toContain(variable);
    }
    expect(message).toContain('switchboard demo');
  });
});
