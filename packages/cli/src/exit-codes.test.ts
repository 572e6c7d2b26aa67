import { describe, expect, it } from 'vitest';
import { EXIT_CODES, exitCodeForListing } from './exit-codes.js';

describe('exitCodeForListing', () => {
  it('is 0 with no failure, 2 when some accounts failed, 1 when all did', () => {
    expect(exitCodeForListing(3, 0)).toBe(EXIT_CODES.success);
    expect(exitCodeForListing(3, 1)).toBe(EXIT_CODES.partialFailure);
    expect(exitCodeForListing(3, 3)).toBe(EXIT_CODES.failure);
    expect(exitCodeForListing(1, 1)).toBe(EXIT_CODES.failure);
  });

  it('keeps the documented numbers', () => {
    expect(EXIT_CODES).toEqual({ success: 0, failure: 1, partialFailure: 2, usage: 64, interrupted: 130 });
  });
});
