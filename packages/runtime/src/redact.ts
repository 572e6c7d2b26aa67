/** What stands in place of a secret wherever one would have been shown. */
export const REDACTED = '[redacted]';

/** Replaces every occurrence of each secret in `text`. (Placeholder until redaction lands.) */
export function redactText(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) if (secret) result = result.split(secret).join(REDACTED);
  return result;
}

/**
 * A copy of `item` with `[redacted]` in place of every secret field (dot paths) that holds a
 * non-empty string. Nulls and empty strings stay as they are.
 */
export function redactSecretFields<T>(item: T, fieldPaths: readonly string[]): T {
  if (fieldPaths.length === 0 || typeof item !== 'object' || item === null) return item;
  const copy = structuredClone(item) as Record<string, unknown>;
  for (const path of fieldPaths) {
    const keys = path.split('.');
    let holder: Record<string, unknown> | undefined = copy;
    for (const key of keys.slice(0, -1)) {
      const next: unknown = holder?.[key];
      holder = typeof next === 'object' && next !== null ? (next as Record<string, unknown>) : undefined;
    }
    const last = keys[keys.length - 1]!;
    if (holder && typeof holder[last] === 'string' && holder[last] !== '') holder[last] = REDACTED;
  }
  return copy as T;
}
