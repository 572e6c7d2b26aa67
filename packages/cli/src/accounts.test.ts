import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { accountsFromEnvironment, findJsonSyntaxError, loadAccounts, parseAccountsFile } from './accounts.js';
import {
  baseUrlVariable,
  CLI_PROVIDER_KEYS,
  optionVariables,
  providerOptionKeys,
  tokenVariable,
} from './providers.js';
import { UsageError } from './usage-error.js';

const SECRET = 'sk-very-secret-token-value';

/** Providers whose account needs nothing but a token: the registry's, so that each can play a part. */
const PLAIN = CLI_PROVIDER_KEYS.filter((provider) => Object.keys(optionVariables(provider)).length === 0);
const [FIRST, SECOND, THIRD] = [0, 1, 2].map((index) => PLAIN[index % PLAIN.length]!) as [
  (typeof PLAIN)[number],
  (typeof PLAIN)[number],
  (typeof PLAIN)[number],
];
const LAST = PLAIN.at(-1)!;
/** `[{"provider": "<first>", …}]`: a file of one account of the first provider, and these fields. */
const oneAccount = (fields: string) => `[{"provider": "${FIRST}"${fields === '' ? '' : `, ${fields}`}}]`;

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
    expect(PLAIN.length).toBeGreaterThanOrEqual(3);
    const { accounts, warnings } = accountsFromEnvironment({
      [tokenVariable(LAST)]: 'last-token',
      [tokenVariable(FIRST)]: ' first-token ',
      [tokenVariable(SECOND)]: 'second-token',
      [baseUrlVariable(SECOND)]: 'http://127.0.0.1:4010/api',
    });
    expect(accounts).toEqual([
      { provider: FIRST, token: 'first-token', label: FIRST },
      { provider: SECOND, token: 'second-token', label: SECOND, baseUrl: 'http://127.0.0.1:4010/api' },
      { provider: LAST, token: 'last-token', label: LAST },
    ]);
    expect(warnings).toEqual([]);
  });

  it('ignores blank tokens and warns about a base URL without its token', () => {
    const { accounts, warnings } = accountsFromEnvironment({
      [tokenVariable(THIRD)]: '   ',
      [baseUrlVariable(THIRD)]: 'http://127.0.0.1:1/api/v1',
    });
    expect(accounts).toEqual([]);
    expect(warnings).toEqual([
      `${baseUrlVariable(THIRD)} is set but ${tokenVariable(THIRD)} is not, so no ${THIRD} account is listed`,
    ]);
  });

  it('refuses a base URL that is not http(s), without printing it', () => {
    const error = errorOf(() =>
      accountsFromEnvironment({
        [tokenVariable(FIRST)]: 'z',
        [baseUrlVariable(FIRST)]: `ftp://user:${SECRET}@host`,
      }),
    );
    expect(error.message).toBe(`${baseUrlVariable(FIRST)} must be an http(s) URL`);
  });

  it('refuses a base URL with credentials, a query or a fragment, as the clients do', () => {
    for (const [baseUrl, problem] of [
      [`https://user:${SECRET}@gateway.example`, 'must not carry credentials'],
      [`https://gateway.example/?token=${SECRET}`, 'must not have a query'],
      [`https://gateway.example/#${SECRET}`, 'must not have a fragment'],
    ]) {
      const error = errorOf(() =>
        accountsFromEnvironment({ [tokenVariable(FIRST)]: 'z', [baseUrlVariable(FIRST)]: baseUrl }),
      );
      expect(error.message).toContain(`${baseUrlVariable(FIRST)} ${problem}`);
      expect(error.message).not.toContain(SECRET);
    }
  });
});

describe('parseAccountsFile', () => {
  it('reads an array of accounts', () => {
    const text = JSON.stringify([
      { provider: SECOND, token: SECRET, label: 'br-sales', baseUrl: 'https://gateway.example/api' },
      { provider: FIRST, token: 'z' },
    ]);
    expect(parseAccountsFile(text, 'accounts.json', {})).toEqual([
      { provider: SECOND, token: SECRET, label: 'br-sales', baseUrl: 'https://gateway.example/api' },
      { provider: FIRST, token: 'z' },
    ]);
  });

  it('reads { accounts: [...] } and tokens from the variables tokenEnv names', () => {
    const text = JSON.stringify({
      $schema: './accounts.schema.json',
      accounts: [{ provider: LAST, tokenEnv: 'GATEWAY_BR', label: 'br' }],
    });
    expect(parseAccountsFile(text, 'a.json', { GATEWAY_BR: SECRET })).toEqual([
      { provider: LAST, token: SECRET, label: 'br' },
    ]);
  });

  it("keeps a provider's own options, and refuses them on a provider that has none", () => {
    const withOptions = CLI_PROVIDER_KEYS.find((provider) =>
      providerOptionKeys(provider).includes('pageSize'),
    );
    const without = CLI_PROVIDER_KEYS.find((provider) => providerOptionKeys(provider).length === 0);
    if (withOptions !== undefined) {
      const text = JSON.stringify([{ provider: withOptions, token: 'a', pageSize: 50 }]);
      expect(parseAccountsFile(text, 'a.json', {})).toEqual([
        { provider: withOptions, token: 'a', pageSize: 50 },
      ]);
    }
    if (without !== undefined) {
      const text = JSON.stringify([{ provider: without, token: 'a', pageSize: 50 }]);
      expect(errorOf(() => parseAccountsFile(text, 'a.json', {})).message).toContain(
        'accounts[0] has an unknown field "pageSize"',
      );
    }
    expect(withOptions ?? without).toBeDefined();
  });

  it.each([
    ['[]', 'a.json: lists no accounts'],
    ['{"accounts": {}}', 'a.json: "accounts" must be an array of accounts'],
    ['{"acounts": []}', 'a.json: unknown field "acounts"; the file holds { "accounts": [...] }'],
    ['"text"', 'a.json: must hold an array of accounts, or { "accounts": [...] }'],
    ['[1]', 'a.json: accounts[0] must be an object, got a number'],
    [
      '[{"provider": "acme", "token": "x"}]',
      `a.json: accounts[0].provider must be one of ${CLI_PROVIDER_KEYS.join(', ')}, got "acme"`,
    ],
    [oneAccount(''), 'a.json: accounts[0] needs a "token" string (or a "tokenEnv")'],
    [oneAccount('"token": 12345'), 'a.json: accounts[0] needs a "token" string (or a "tokenEnv")'],
    [oneAccount('"token": "  "'), 'a.json: accounts[0].token is empty'],
    [
      oneAccount('"token": "a", "tokenEnv": "B"'),
      'a.json: accounts[0] has both "token" and "tokenEnv"; give one',
    ],
    [oneAccount('"tokenEnv": "NOT_SET"'), 'a.json: accounts[0].tokenEnv names NOT_SET, which is not set'],
    [
      oneAccount('"tokenEnv": "bad name"'),
      'a.json: accounts[0].tokenEnv must name an environment variable, got "bad name"',
    ],
    [oneAccount('"token": "a", "label": ""'), 'a.json: accounts[0].label must be a non-empty string'],
    [
      `[{"provider": "${FIRST}", "token": "a", "label": "x"}, {"provider": "${LAST}", "token": "b", "label": "x"}]`,
      'a.json: accounts[1].label repeats "x"; labels must be unique',
    ],
    [
      oneAccount('"token": "a", "baseUrl": "api.gateway.example"'),
      'a.json: accounts[0].baseUrl must be an absolute http(s) URL',
    ],
    [
      oneAccount('"token": "a", "apiKey": "b"'),
      `a.json: accounts[0] has an unknown field "apiKey"; the fields are ${['provider', 'token', 'tokenEnv', 'label', 'baseUrl', 'rateLimit', ...providerOptionKeys(FIRST)].join(', ')}`,
    ],
  ])('refuses %s with a message naming the field', (text, message) => {
    expect(errorOf(() => parseAccountsFile(text, 'a.json', {})).message).toBe(message);
  });

  it('reports invalid JSON by position without quoting the file, which holds tokens', () => {
    const text = `[\n  {"provider": "sales", "token": "${SECRET}",}\n]`;
    const error = errorOf(() => parseAccountsFile(text, 'a.json', {}));
    expect(error.message).toBe('a.json is not valid JSON (line 2, column 63: a trailing comma before "}")');
    expect(error.message).not.toContain(SECRET);
  });

  it.each([
    [`[{"provider": "sales", "token": ${SECRET}}]`, 'line 1, column 33: expected a value'],
    [`[\n  {"provider": "sales"\n   "token": "${SECRET}"}]`, 'line 3, column 4: expected "," or "}"'],
    [
      `{"accounts": [\n  {provider: "sales", "token": "${SECRET}"}]}`,
      'line 2, column 4: expected a field name in double quotes',
    ],
    [`[{"provider": "sales", "token": "${SECRET}`, 'line 1, column 60: a string that is never closed'],
    [
      `[{"provider": "sales", "token": "${SECRET}"}]\n]`,
      'line 2, column 1: more text after the end of the JSON value',
    ],
    [`[{"token" "${SECRET}"}]`, 'line 1, column 11: expected ":" after a field name'],
    [`[{"token": "a\n${SECRET}"}]`, 'line 1, column 14: a line break or control character inside a string'],
    [`[1, 2,]`, 'line 1, column 7: a trailing comma before "]"'],
    ['\uFEFF[\n', 'line 2, column 1: the text ends too soon'],
  ])('names the line and column of %j, and what was expected there', (text, where) => {
    const message = errorOf(() => parseAccountsFile(text, 'a.json', {})).message;
    expect(message).toBe(
      `a.json is not valid JSON (${where}${where.startsWith('line 1, column 33') ? ' (a string in double quotes, a number, true, false, null, an object or an array)' : ''})`,
    );
    expect(message).not.toContain(SECRET);
  });

  it('agrees with JSON.parse on whether a text is JSON, and never quotes it (fast-check)', () => {
    const mutated = fc
      .tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', ':', 'x', '\n', '\\', '[', '{'))
      .map(([text, at, insert]) => {
        const position = text.length === 0 ? 0 : at % (text.length + 1);
        return `${text.slice(0, position)}${insert}${text.slice(position)}`;
      });
    fc.assert(
      fc.property(fc.oneof(fc.json(), mutated), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        const found = findJsonSyntaxError(text);
        expect(found === undefined).toBe(valid);
        if (found) {
          expect(found.offset).toBeGreaterThanOrEqual(0);
          expect(found.offset).toBeLessThanOrEqual(text.length);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('finds an error under 100,000 open brackets without recursion', () => {
    expect(findJsonSyntaxError('['.repeat(100_000))).toEqual({
      offset: 100_000,
      reason: 'the text ends too soon',
    });
  });

  it('never shows a token whose type is wrong', () => {
    const error = errorOf(() =>
      parseAccountsFile(`[{"provider": "${FIRST}", "token": ["${SECRET}"]}]`, 'a.json', {}),
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
    await writeFile(join(directory, 'accounts.json'), JSON.stringify([{ provider: THIRD, token: 'h' }]));
    const loaded = await loadAccounts({
      accountsFile: 'accounts.json',
      cwd: directory,
      env: { [tokenVariable(FIRST)]: 'z' },
    });
    expect(loaded.accounts).toEqual([{ provider: THIRD, token: 'h' }]);
  });

  it('warns, as ssh does, when a file holding tokens is readable by group or others', async () => {
    const path = join(directory, 'accounts.json');
    await writeFile(path, JSON.stringify([{ provider: THIRD, token: SECRET }]));
    await chmod(path, 0o644);
    const open = await loadAccounts({ accountsFile: 'accounts.json', cwd: directory, env: {} });
    expect(open.warnings).toEqual([
      'the accounts file accounts.json holds tokens and is readable by others (permissions 0644); restrict it with: chmod 600 accounts.json',
    ]);
    await chmod(path, 0o640);
    const group = await loadAccounts({ accountsFile: 'accounts.json', cwd: directory, env: {} });
    expect(group.warnings[0]).toContain('readable by its group (permissions 0640)');
    await chmod(path, 0o600);
    expect((await loadAccounts({ accountsFile: 'accounts.json', cwd: directory, env: {} })).warnings).toEqual(
      [],
    );
    for (const warning of [...open.warnings, ...group.warnings]) expect(warning).not.toContain(SECRET);
  });

  it('does not warn about a readable file whose tokens all come from tokenEnv', async () => {
    const path = join(directory, 'shared.json');
    await writeFile(path, JSON.stringify([{ provider: LAST, tokenEnv: 'GATEWAY_BR' }]));
    await chmod(path, 0o644);
    const loaded = await loadAccounts({
      accountsFile: 'shared.json',
      cwd: directory,
      env: { GATEWAY_BR: 'w' },
    });
    expect(loaded.warnings).toEqual([]);
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
    for (const variable of [...CLI_PROVIDER_KEYS.map(tokenVariable), '--accounts']) {
      expect(message).toContain(variable);
    }
    expect(message).toContain('switchboard demo');
  });
});
