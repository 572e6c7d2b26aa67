/** What stands in place of a secret wherever one would have been shown. */
export const REDACTED = '[redacted]';

/**
 * Query parameters whose value is masked in any URL, known secret or not (Octokit does the same):
 * names containing token, api key, password or secret, and the bare `key`, `sig`, `signature`.
 */
const SECRET_QUERY_PARAMETER =
  /([?&;](?:[^=&#\s?]*(?:token|api[-_]?key|passw(?:or)?d|secret)[^=&#\s?]*|key|sig|signature)=)[^&#\s"'<>]+/gi;

/** The password of credentials written into a URL (`https://user:password@host`). */
const URL_PASSWORD = /(\b[a-z][a-z\d+.-]*:\/\/[^/\s:@]*:)[^@/\s]+@/gi;

/** A bearer or basic credential written out, such as a header echoed in an error message. */
const AUTHORIZATION_VALUE = /\b(Bearer|Basic)\s+[\w.~+/=-]{8,}/gi;

function spellingsOf(secret: string): string[] {
  const spellings = new Set<string>([secret]);
  try {
    const component = encodeURIComponent(secret);
    spellings.add(component);
    spellings.add(component.replace(/%20/g, '+'));
    spellings.add(encodeURI(secret));
  } catch {
    // A lone surrogate cannot be percent-encoded, so it cannot appear encoded either.
  }
  spellings.add(JSON.stringify(secret).slice(1, -1));
  return [...spellings];
}

/**
 * A function that takes every known secret out of a text: each value as it is, percent-encoded (as a
 * URL path segment or query value carries it, as in `/instances/ID/token/TOKEN/…`) and
 * JSON-escaped; plus the values of secret-looking query parameters, URL passwords and written-out
 * bearer credentials, known or not. Build it once per set of secrets and reuse it.
 */
export function createRedactor(secrets: readonly string[]): (text: string) => string {
  const spellings = [
    ...new Set(secrets.filter((secret) => typeof secret === 'string' && secret !== '').flatMap(spellingsOf)),
  ].sort((left, right) => right.length - left.length);
  return (text) => {
    let result = String(text);
    // Longest first, so that a secret containing another one is replaced whole.
    for (const spelling of spellings)
      if (result.includes(spelling)) result = result.split(spelling).join(REDACTED);
    return result
      .replace(SECRET_QUERY_PARAMETER, `$1${REDACTED}`)
      .replace(URL_PASSWORD, `$1${REDACTED}@`)
      .replace(AUTHORIZATION_VALUE, `$1 ${REDACTED}`);
  };
}

/** Replaces every occurrence of each secret in `text` (see `createRedactor` for what else it masks). */
export function redactText(text: string, secrets: readonly string[]): string {
  return createRedactor(secrets)(text);
}

/** A URL as it may be printed: path and query only (never the origin's credentials), redacted. */
export function redactUrlPath(
  url: string | URL,
  secrets: readonly string[] | ((text: string) => string),
): string {
  const redact = typeof secrets === 'function' ? secrets : createRedactor(secrets);
  let pathAndQuery: string;
  try {
    const parsed = typeof url === 'string' ? new URL(url) : url;
    pathAndQuery = `${parsed.pathname}${parsed.search}`;
  } catch {
    pathAndQuery = String(url);
  }
  return redact(pathAndQuery);
}

const MAX_CAUSE_DEPTH = 4;

/**
 * A copy of an error that is safe to keep as a `cause`: same `name`, `code` and `errno`, message and
 * stack passed through the redactor, nested causes copied the same way (a few levels deep). Nothing
 * else of the original is kept, so that a request, a header or a URL it held cannot leak.
 */
export function redactError(error: unknown, secrets: readonly string[] | ((text: string) => string)): Error {
  const redact = typeof secrets === 'function' ? secrets : createRedactor(secrets);
  return copyError(error, redact, MAX_CAUSE_DEPTH);
}

function copyError(error: unknown, redact: (text: string) => string, depth: number): Error {
  if (typeof error !== 'object' || error === null) {
    return new Error(redact(typeof error === 'string' ? error : String(error)));
  }
  const source = error as {
    name?: unknown;
    message?: unknown;
    stack?: unknown;
    code?: unknown;
    errno?: unknown;
  };
  const message = typeof source.message === 'string' ? source.message : '';
  const copy = new Error(redact(message));
  const name = typeof source.name === 'string' && source.name !== '' ? source.name : 'Error';
  copy.name = name;
  copy.stack = typeof source.stack === 'string' ? redact(source.stack) : `${name}: ${copy.message}`;
  const extra = copy as Error & { code?: unknown; errno?: unknown };
  if (typeof source.code === 'string' || typeof source.code === 'number') {
    extra.code = typeof source.code === 'string' ? redact(source.code) : source.code;
  }
  if (typeof source.errno === 'number') extra.errno = source.errno;
  const cause = (error as { cause?: unknown }).cause;
  if (cause !== undefined && depth > 1) copy.cause = copyError(cause, redact, depth - 1);
  return copy;
}

/**
 * `item` with `[redacted]` in place of every secret field (dot paths) that holds a value: anything
 * but null, absent and the empty string, whatever its JSON type (`token: ["…"]`, `password: {…}`,
 * `apiToken: 123456789` all go). `item` itself is never changed. It copies on write: only the
 * objects on the path to a secret that has a value are copied (shallowly), the rest is shared,
 * because this runs on every listed item and a deep copy of each cost more than the request itself.
 *
 * A segment ending in `[]` (`config.webhooks[].hmac.key`), or a segment that is `[]` alone, means
 * every element of that array; a trailing one (`tokens[]`) redacts each element. Without a marker a
 * path still goes through one level of array where it meets one (`webhooks.secret` redacts `secret`
 * in each element of a `webhooks` array). The work follows the path, never the depth of the data:
 * arrays nested deeper than the path says are left alone, so a provider's body cannot make it
 * recurse without bound.
 */
export function redactSecretFields<T>(item: T, fieldPaths: readonly string[]): T {
  if (fieldPaths.length === 0 || typeof item !== 'object' || item === null) return item;
  let result: unknown = item;
  for (const steps of splitFieldPaths(fieldPaths)) result = redactAt(result, steps, 0);
  return result as T;
}

/** The step of a path that stands for every element of an array. */
const EACH = Symbol('each element');
type PathStep = string | typeof EACH;

const splitPathsCache = new WeakMap<readonly string[], readonly (readonly PathStep[])[]>();

/** Adapters pass the same metadata array for every item, so each is split once. */
function splitFieldPaths(fieldPaths: readonly string[]): readonly (readonly PathStep[])[] {
  let split = splitPathsCache.get(fieldPaths);
  if (split === undefined) {
    split = fieldPaths.map(parseFieldPath).filter((steps) => steps.some((step) => step !== EACH));
    splitPathsCache.set(fieldPaths, split);
  }
  return split;
}

function parseFieldPath(path: string): PathStep[] {
  const steps: PathStep[] = [];
  if (typeof path !== 'string') return steps;
  for (const segment of path.split('.')) {
    let key = segment;
    let arrays = 0;
    while (key.endsWith('[]')) {
      key = key.slice(0, -2);
      arrays += 1;
    }
    if (key !== '') steps.push(key);
    for (let count = 0; count < arrays; count++) steps.push(EACH);
  }
  return steps;
}

function hasSecretValue(value: unknown): boolean {
  return value !== null && value !== undefined && value !== '';
}

/** `holder` itself when nothing below it changed, else a copy with the change. */
function redactAt(holder: unknown, steps: readonly PathStep[], index: number): unknown {
  if (index === steps.length) return hasSecretValue(holder) ? REDACTED : holder;
  const step = steps[index]!;
  if (step === EACH) {
    return Array.isArray(holder)
      ? mapChanged(holder, (element) => redactAt(element, steps, index + 1))
      : holder;
  }
  if (Array.isArray(holder)) {
    // One level of array without a marker, as before markers existed; an array in an array is not
    // what the path names, and following it would let the body set the depth.
    return mapChanged(holder, (element) =>
      Array.isArray(element) ? element : redactKey(element, step, steps, index),
    );
  }
  return redactKey(holder, step, steps, index);
}

function redactKey(holder: unknown, key: string, steps: readonly PathStep[], index: number): unknown {
  if (typeof holder !== 'object' || holder === null) return holder;
  const record = holder as Record<string, unknown>;
  // Own properties only: a path such as `__proto__.x` must not reach a prototype.
  if (!Object.hasOwn(record, key)) return holder;
  const value = record[key];
  const redacted = redactAt(value, steps, index + 1);
  if (redacted === value) return holder;
  // A computed key defines an own property even for `__proto__`, never the prototype.
  return { ...record, [key]: redacted };
}

/** The array itself when no element changed, else a copy with the changed ones. */
function mapChanged(array: readonly unknown[], change: (element: unknown) => unknown): readonly unknown[] {
  let copy: unknown[] | undefined;
  for (let position = 0; position < array.length; position++) {
    const element = array[position];
    const changed = change(element);
    if (changed !== element) {
      copy ??= array.slice();
      copy[position] = changed;
    }
  }
  return copy ?? array;
}
