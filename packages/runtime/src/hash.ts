/**
 * A 64-bit fingerprint of a credential, so that the process-wide rate-limiter registry is keyed by
 * something that does not hold the token. It is not a cryptographic hash: the key never leaves the
 * process, and two tokens of one base URL colliding would only make them share a limiter. A small
 * multiply-xor hash (two 32-bit lanes, cyrb53-style) keeps the runtime light, where SHA-256 in plain
 * JavaScript cost 1.6 kB of every bundle; `crypto.subtle` would have made the lookup asynchronous.
 */
export function fingerprint(text: string): string {
  let first = 0xdeadbeef;
  let second = 0x41c6ce57;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    first = Math.imul(first ^ code, 2654435761);
    second = Math.imul(second ^ code, 1597334677);
  }
  first = Math.imul(first ^ (first >>> 16), 2246822507) ^ Math.imul(second ^ (second >>> 13), 3266489909);
  second = Math.imul(second ^ (second >>> 16), 2246822507) ^ Math.imul(first ^ (first >>> 13), 3266489909);
  return (second >>> 0).toString(16).padStart(8, '0') + (first >>> 0).toString(16).padStart(8, '0');
}
