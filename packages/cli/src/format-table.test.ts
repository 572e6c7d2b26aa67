import { describe, expect, it } from 'vitest';
import {
  displayWidth,
  formatInstanceTable,
  formatSummary,
  formatTable,
  sanitizeCell,
  type TableInstance,
} from './format-table.js';
import { createStyles } from './output.js';

const ESC = '\u001b';
const plain = createStyles(false);
const colour = createStyles(true);

/**
 * Provider keys of providers defined outside Switchboard (`acme`…): the table and summary take any key,
 * the registry's in its order and others after them.
 */
function instance(
  overrides: Omit<Partial<TableInstance>, 'provider'> & { provider?: string },
): TableInstance {
  return {
    provider: 'acme',
    account: 'acme',
    id: 'id-1',
    name: 'sales',
    status: 'connected',
    phone: '+5511999990000',
    createdAt: '2024-03-05T10:00:00.000Z',
    ...overrides,
  } as TableInstance;
}

const SAMPLE: TableInstance[] = [
  instance({}),
  instance({
    provider: 'globex',
    account: 'globex',
    id: '3C4F1D2A9B8E7F6A5B4C3D2E1F0A9B8C',
    name: 'Support São Paulo',
    status: 'disconnected',
    phone: null,
    createdAt: null,
  }),
];

describe('formatInstanceTable', () => {
  it('aligns columns on the widest cell, with no trailing spaces', () => {
    expect(formatInstanceTable(SAMPLE, plain)).toEqual([
      'PROVIDER  ACCOUNT  ID                                NAME               STATUS        PHONE           CREATED',
      'acme      acme     id-1                              sales              connected     +5511999990000  2024-03-05',
      'globex    globex   3C4F1D2A9B8E7F6A5B4C3D2E1F0A9B8C  Support São Paulo  disconnected  -               -',
    ]);
  });

  it('colours the status without moving the columns', () => {
    const lines = formatInstanceTable(SAMPLE, colour);
    expect(lines[1]).toContain('\u001b[32mconnected\u001b[39m');
    expect(lines[2]).toContain('\u001b[31mdisconnected\u001b[39m');
    const strip = (text: string) => text.replace(new RegExp(`${ESC}\\[\\d+m`, 'g'), '');
    expect(lines.map(strip)).toEqual(formatInstanceTable(SAMPLE, plain));
  });

  it('pads decomposed accents and wide characters by their width on screen', () => {
    const lines = formatTable(
      [{ name: 'Sa\u0303o' }, { name: '東京' }, { name: 'abcd' }],
      [
        { header: 'NAME', text: (row: { name: string }) => row.name },
        { header: 'X', text: () => 'x' },
      ],
      plain,
    );
    expect(lines).toEqual(['NAME  X', 'São   x', '東京  x', 'abcd  x']);
  });
});

describe('sanitizeCell and displayWidth', () => {
  it('removes line breaks, escape sequences and bidi overrides', () => {
    expect(sanitizeCell('a\nb\u001b[2Jc\u202Ed')).toBe('a b\uFFFD[2Jc\uFFFDd');
  });

  it('measures combining marks as nothing and CJK as two columns', () => {
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('日本')).toBe(4);
    expect(displayWidth('abc')).toBe(3);
  });

  it.each([
    ['an emoji ZWJ family (7 code points)', '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}\u200D\u{1F466}', 2],
    ['an emoji ZWJ profession', '\u{1F469}\u200D\u{1F4BB}', 2],
    ['a skin-tone modifier', '\u{1F44D}\u{1F3FD}', 2],
    ['the darkest skin tone', '\u{1F44B}\u{1F3FF}', 2],
    ['a digit keycap', '1\uFE0F\u20E3', 2],
    ['a # keycap', '#\uFE0F\u20E3', 2],
    ['a flag', '\u{1F1E7}\u{1F1F7}', 2],
    ['Devanagari with a virama and vowel signs', 'नमस्ते', 3],
    ['Devanagari conjuncts', 'हिन्दी', 4],
    ['Japanese kanji', '日本語', 6],
    ['Korean hangul', '한국어', 6],
    ['a halfwidth katakana', '\uFF71', 1],
  ])('measures %s as a terminal shows it', (_what, text, columns) => {
    expect(displayWidth(text)).toBe(columns);
  });

  it('aligns a column of names in every script on the same edge', () => {
    const names = [
      'Loja \u{1F469}\u200D\u{1F4BB}',
      'Vendas \u{1F44D}\u{1F3FD}',
      'Sala 1\uFE0F\u20E3',
      'दुकान नमस्ते',
      '東京支店',
      'plain',
    ];
    const lines = formatTable(
      names.map((name) => ({ name })),
      [
        { header: 'NAME', text: (row: { name: string }) => row.name },
        { header: 'END', text: () => '|' },
      ],
      plain,
    );
    const widest = Math.max(...names.map(displayWidth));
    for (const line of lines.slice(1)) {
      const bar = line.lastIndexOf('|');
      expect(displayWidth(line.slice(0, bar))).toBe(widest + 2);
    }
    expect(lines[1]).toBe('Loja \u{1F469}\u200D\u{1F4BB}    |');
  });
});

describe('formatSummary', () => {
  const accounts = [
    { provider: 'globex', label: 'globex' },
    { provider: 'acme', label: 'acme' },
    { provider: 'acme', label: 'acme-latam' },
    { provider: 'initech', label: 'initech' },
  ];
  const instances = [
    instance({ provider: 'globex', account: 'globex', status: 'connected' }),
    instance({ provider: 'globex', account: 'globex', status: 'disconnected' }),
    instance({ provider: 'acme', account: 'acme', status: 'qr_pending' }),
    instance({ provider: 'acme', account: 'acme-latam', status: 'connected' }),
  ];

  it('counts per provider, per account where a provider has several, and per status', () => {
    expect(formatSummary({ instances, accounts: accounts.slice(0, 3), failedAccounts: [] }, plain)).toEqual([
      '4 instances from 3 accounts: globex 2, acme 2 (acme 1, acme-latam 1)',
      'by status: connected 2, qr_pending 1, disconnected 1',
    ]);
  });

  it('names the failed accounts', () => {
    expect(
      formatSummary(
        {
          instances: instances.slice(0, 3),
          accounts,
          failedAccounts: [
            { provider: 'acme', label: 'acme-latam' },
            { provider: 'initech', label: 'initech' },
          ],
        },
        plain,
      ),
    ).toEqual([
      '3 instances from 2 of 4 accounts: globex 2, acme 1 (acme 1, acme-latam failed), initech failed',
      'by status: connected 1, qr_pending 1, disconnected 1',
      '2 of 4 accounts failed: acme-latam (acme), initech (initech)',
    ]);
  });

  it('says one instance, and nothing per status when there is none', () => {
    expect(
      formatSummary(
        { instances: instances.slice(0, 1), accounts: accounts.slice(0, 1), failedAccounts: [] },
        plain,
      )[0],
    ).toBe('1 instance from 1 account: globex 1');
    expect(
      formatSummary({ instances: [], accounts: accounts.slice(0, 1), failedAccounts: [] }, plain),
    ).toEqual(['0 instances from 1 account: globex 0']);
  });
});
