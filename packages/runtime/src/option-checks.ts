import { ValidationError } from './errors.js';
import { describeSource } from './http-errors.js';

/** Where a checked value sits, so that its error names the account and the field, never the value. */
export interface OptionFieldContext {
  /** The field as the caller wrote it: `token`, or a path such as `accounts[2].token`. */
  field: string;
  provider?: string;
  account?: string;
}

function invalid(context: OptionFieldContext, expectation: string): ValidationError {
  const source =
    context.account !== undefined && context.account !== ''
      ? describeSource(context.provider ?? 'switchboard', context.account)
      : `${context.provider ?? 'switchboard'} client`;
  return new ValidationError(`${source}: \`${context.field}\` ${expectation}`, {
    ...(context.provider === undefined ? {} : { provider: context.provider }),
    ...(context.account === undefined ? {} : { account: context.account }),
    field: context.field,
  });
}

function hasControlCharacter(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/**
 * What keeps `token` from travelling in an HTTP header as it is, as an expectation (`must not be
 * empty`), or `undefined` when nothing does: a string that is not blank, without control characters
 * (CR and LF would split the header, NUL cuts it) and within Latin-1 (fetch refuses anything wider,
 * but only when the request goes out, as a network error). It says what is wrong, never the value,
 * its length or where the bad character sits. The one token check: the raw clients, the facade and
 * the CLI's accounts all read it, each naming the field its own way.
 */
export function describeTokenProblem(token: unknown): string | undefined {
  if (typeof token !== 'string') return 'must be a string';
  if (token.trim() === '') return 'must not be empty';
  if (hasControlCharacter(token)) {
    return 'holds a control character (such as CR, LF, NUL or a tab), which an HTTP header cannot carry';
  }
  for (let index = 0; index < token.length; index++) {
    if (token.charCodeAt(index) > 0xff)
      return 'holds a character outside Latin-1, which an HTTP header cannot carry';
  }
  return undefined;
}

/** Throws `ValidationError` naming the account and the field when `describeTokenProblem` finds a problem. */
export function assertHeaderSafeToken(token: unknown, context: OptionFieldContext): asserts token is string {
  const problem = describeTokenProblem(token);
  if (problem !== undefined) throw invalid(context, problem);
}

/**
 * What is wrong with `baseUrl`, as an expectation (`must not have a query (?…)`), or `undefined` when
 * it is an absolute http(s) URL with no credentials, query or fragment (the client appends paths to
 * it, so a query or a fragment would swallow them, and credentials would be sent to whoever the URL
 * names). The URL stays out of the text. The one base-URL check: the raw clients, the facade, the
 * simulators and the CLI's accounts all read it.
 */
export function describeBaseUrlProblem(baseUrl: unknown): string | undefined {
  if (typeof baseUrl !== 'string') return 'must be a string';
  // The URL parser would quietly drop or encode these; a pasted URL holding them is a mistake.
  if (/\s/.test(baseUrl) || hasControlCharacter(baseUrl)) {
    return 'must be an http(s) URL without spaces or control characters';
  }
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return 'must be an absolute http(s) URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http(s) URL';
  if (url.username !== '' || url.password !== '' || /^[a-z]+:\/\/[^/?#]*@/i.test(baseUrl)) {
    return 'must not carry credentials (user:password@); pass the token as `token`';
  }
  if (url.search !== '' || baseUrl.includes('?')) return 'must not have a query (?…)';
  if (url.hash !== '' || baseUrl.includes('#')) return 'must not have a fragment (#…)';
  return undefined;
}

/** Throws `ValidationError` naming the account and the field when `describeBaseUrlProblem` finds a problem. */
export function assertBaseUrl(baseUrl: unknown, context: OptionFieldContext): asserts baseUrl is string {
  const problem = describeBaseUrlProblem(baseUrl);
  if (problem !== undefined) throw invalid(context, problem);
}

/** Whether a URL's host is this machine: 127.0.0.0/8, ::1 or `localhost`. */
export function isLoopbackUrl(url: string | URL): boolean {
  let hostname: string;
  try {
    hostname = (typeof url === 'string' ? new URL(url) : url).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (hostname === 'localhost' || hostname === '[::1]') return true;
  // The URL parser has already turned other spellings of IPv4 (`2130706433`, `0x7f.1`) into dotted form.
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}
