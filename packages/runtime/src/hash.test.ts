import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from './hash.js';

describe('sha256Hex', () => {
  it('matches the FIPS 180-2 test vector', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it.each([0, 1, 55, 56, 63, 64, 65, 119, 120, 1000])('matches node:crypto for %i characters', (length) => {
    const text = Array.from({ length }, (_, index) => String.fromCharCode(97 + ((index * 7) % 26))).join('');
    expect(sha256Hex(text)).toBe(createHash('sha256').update(text).digest('hex'));
  });

  it('hashes the UTF-8 bytes of text outside ASCII', () => {
    const text = 'ação 🚀 token';
    expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
  });
});
