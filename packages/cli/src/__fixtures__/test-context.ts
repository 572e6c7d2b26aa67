import type { Instance } from '@switchboard/core';
import type { CommandContext } from '../command-context.js';
import { createStyles, RedactingWriter, type TextSink } from '../output.js';

export interface Collector extends TextSink {
  text: string;
}

export function collector(): Collector {
  return {
    text: '',
    write(chunk: string) {
      this.text += chunk;
      return true;
    },
  };
}

export interface TestContext {
  context: CommandContext;
  stdout: Collector;
  stderr: Collector;
}

/** A command context writing into strings: plain text, not a terminal, unless told otherwise. */
export function createTestContext(
  options: { stdoutIsTTY?: boolean; stderrIsTTY?: boolean; colour?: boolean; signal?: AbortSignal } = {},
): TestContext {
  const stdout = collector();
  const stderr = collector();
  const styles = createStyles(options.colour ?? false);
  return {
    stdout,
    stderr,
    context: {
      env: {},
      cwd: process.cwd(),
      stdout: new RedactingWriter(stdout),
      stderr: new RedactingWriter(stderr),
      stdoutStyles: styles,
      stderrStyles: styles,
      stdoutIsTTY: options.stdoutIsTTY ?? false,
      stderrIsTTY: options.stderrIsTTY ?? false,
      signal: options.signal,
      fetch: undefined,
    },
  };
}

/** An instance in the common model, with made-up but plausible values. */
export function fakeInstance(
  overrides: Partial<Instance> & Pick<Instance, 'provider' | 'account' | 'id'>,
): Instance {
  return {
    name: `instance ${overrides.id}`,
    status: 'connected',
    providerStatus: 'open',
    phone: '+5511999990000',
    profile: { name: null, pictureUrl: null, isBusiness: null },
    createdAt: '2024-05-01T12:00:00.000Z',
    updatedAt: null,
    expiresAt: null,
    raw: {},
    ...overrides,
  } as Instance;
}
