import { REDACTED } from '@switchboard/runtime';
import type { Environment } from './accounts.js';

/**
 * Where the CLI writes: `process.stdout` or anything with a `write` (a test's collector). When
 * `write` returns false and the sink has `once`, the CLI waits for `'drain'`, so a long `--ndjson`
 * stream into a slow pipe does not pile up in memory.
 */
export interface TextSink {
  write(text: string): unknown;
  once?(event: 'drain', listener: () => void): unknown;
}

/**
 * Whether to colour a stream. FORCE_COLOR (any value but `0` or `false`) forces colour on, piped or
 * not; otherwise NO_COLOR (any non-empty value, per no-color.org) or TERM=dumb turns it off; otherwise
 * colour follows whether the stream is a terminal.
 */
export function shouldUseColor(env: Environment, isTTY: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    const value = force.trim().toLowerCase();
    if (value === '0' || value === 'false') return false;
    return true;
  }
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return isTTY;
}

export interface Styles {
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  magenta(text: string): string;
}

function sgr(open: number, close: number): (text: string) => string {
  return (text) => (text === '' ? text : `\u001b[${open}m${text}\u001b[${close}m`);
}

const identity = (text: string): string => text;

export function createStyles(enabled: boolean): Styles {
  if (!enabled) {
    return {
      enabled,
      bold: identity,
      dim: identity,
      red: identity,
      green: identity,
      yellow: identity,
      magenta: identity,
    };
  }
  return {
    enabled,
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    red: sgr(31, 39),
    green: sgr(32, 39),
    yellow: sgr(33, 39),
    magenta: sgr(35, 39),
  };
}

/**
 * Shorter "tokens" (a test's `x`) are not masked: replacing every `z` or `abc` would garble ordinary
 * words, and no provider issues credentials that short.
 */
export const MIN_MASKED_SECRET_LENGTH = 6;

/**
 * Replaces each secret, as written and in the spellings it takes inside JSON and URLs. Unlike the
 * runtime's redactor it masks nothing by pattern: a table of names must not lose "Basic Support".
 */
export function createSecretMasker(secrets: readonly string[]): (text: string) => string {
  const spellings = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_MASKED_SECRET_LENGTH) continue;
    spellings.add(secret);
    spellings.add(JSON.stringify(secret).slice(1, -1));
    try {
      spellings.add(encodeURIComponent(secret));
    } catch {
      // A lone surrogate cannot be percent-encoded, so it cannot appear encoded either.
    }
  }
  // Longest first, so that a secret containing another one is replaced whole.
  const ordered = [...spellings].sort((left, right) => right.length - left.length);
  return (text) => {
    let result = text;
    for (const spelling of ordered)
      if (result.includes(spelling)) result = result.split(spelling).join(REDACTED);
    return result;
  };
}

/**
 * A stream that takes every known token out of what it writes, whatever code path produced the text:
 * the last line of defence behind the redaction the facade and the errors already do.
 */
export class RedactingWriter {
  readonly #sink: TextSink;
  readonly #secrets = new Set<string>();
  #redact: (text: string) => string = (text) => text;

  constructor(sink: TextSink) {
    this.#sink = sink;
  }

  /** Tokens to keep out of the output from now on. */
  addSecrets(secrets: Iterable<string>): void {
    for (const secret of secrets) if (secret !== '') this.#secrets.add(secret);
    this.#redact = createSecretMasker([...this.#secrets]);
  }

  redact(text: string): string {
    return this.#redact(text);
  }

  /** Writes, and waits for `'drain'` when the sink asks it to. */
  async write(text: string): Promise<void> {
    const accepted = this.#sink.write(this.#redact(text));
    if (accepted === false && typeof this.#sink.once === 'function') {
      await new Promise<void>((resolve) => this.#sink.once?.('drain', resolve));
    }
  }

  /** For text whose ordering does not matter against a slow reader (a progress line). */
  writeNow(text: string): void {
    this.#sink.write(this.#redact(text));
  }
}

/**
 * The transient "listing… 3 of 5 accounts" line on stderr. Drawn only on a terminal, redrawn in
 * place, and erased before anything else is printed, so that no trace of it reaches a log.
 */
export class ProgressLine {
  readonly #writer: RedactingWriter;
  readonly #enabled: boolean;
  #shown = false;

  constructor(writer: RedactingWriter, enabled: boolean) {
    this.#writer = writer;
    this.#enabled = enabled;
  }

  get enabled(): boolean {
    return this.#enabled;
  }

  update(text: string): void {
    if (!this.#enabled) return;
    this.#writer.writeNow(`\r\u001b[2K${text}`);
    this.#shown = true;
  }

  clear(): void {
    if (!this.#shown) return;
    this.#writer.writeNow('\r\u001b[2K');
    this.#shown = false;
  }
}
