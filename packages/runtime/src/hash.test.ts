import { describe, expect, it } from 'vitest';
import { fingerprint } from './hash.js';

describe('fingerprint', () => {
  it('is stable, 16 hex digits, and does not contain the text', () => {
    const token = 'account-token-1234567890';
    expect(fingerprint(token)).toBe(fingerprint(token));
    expect(fingerprint(token)).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprint(token)).not.toContain('token');
  });

  it('tells apart tokens that differ in one character, or only in order', () => {
    const fingerprints = new Set(
      ['token-a', 'token-b', 'token-ab', 'token-ba', '', 'ação 🚀', 'acao 🚀'].map(fingerprint),
    );
    expect(fingerprints.size).toBe(7);
  });

  it('has no collision among 20 000 similar tokens', () => {
    const fingerprints = new Set<string>();
    for (let index = 0; index < 20_000; index++) fingerprints.add(fingerprint(`token-${index}`));
    expect(fingerprints.size).toBe(20_000);
  });
});
