import { describe, expect, it } from 'vitest';
import {
  createSecretMasker,
  createStyles,
  ProgressLine,
  RedactingWriter,
  shouldUseColor,
  type TextSink,
} from './output.js';

function collector(): TextSink & { text: string } {
  return {
    text: '',
    write(chunk: string) {
      this.text += chunk;
      return true;
    },
  };
}

describe('shouldUseColor', () => {
  it('follows the terminal when nothing is set', () => {
    expect(shouldUseColor({}, true)).toBe(true);
    expect(shouldUseColor({}, false)).toBe(false);
  });

  it('turns colour off with a non-empty NO_COLOR or TERM=dumb, even on a terminal', () => {
    expect(shouldUseColor({ NO_COLOR: '1' }, true)).toBe(false);
    expect(shouldUseColor({ NO_COLOR: '' }, true)).toBe(true);
    expect(shouldUseColor({ TERM: 'dumb' }, true)).toBe(false);
  });

  it('forces colour with FORCE_COLOR, over NO_COLOR and a pipe, unless it says 0 or false', () => {
    expect(shouldUseColor({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(shouldUseColor({ FORCE_COLOR: '', NO_COLOR: '1' }, false)).toBe(true);
    expect(shouldUseColor({ FORCE_COLOR: '0' }, true)).toBe(false);
    expect(shouldUseColor({ FORCE_COLOR: 'false' }, true)).toBe(false);
  });
});

describe('createStyles', () => {
  it('wraps in SGR codes when enabled and leaves text alone when not', () => {
    expect(createStyles(true).green('connected')).toBe('\u001b[32mconnected\u001b[39m');
    expect(createStyles(false).green('connected')).toBe('connected');
  });
});

describe('RedactingWriter', () => {
  it('masks every added secret, also JSON-escaped and percent-encoded', async () => {
    const sink = collector();
    const writer = new RedactingWriter(sink);
    const secret = 'tok/en"with+odd chars';
    writer.addSecrets([secret, '']);
    await writer.write(`plain ${secret} json ${JSON.stringify(secret)} url ${encodeURIComponent(secret)}\n`);
    expect(sink.text).not.toContain(secret);
    expect(sink.text).not.toContain(encodeURIComponent(secret));
    expect(sink.text).toBe('plain [redacted] json "[redacted]" url [redacted]\n');
  });

  it('leaves secrets too short to be real tokens alone, rather than garble every word', () => {
    expect(createSecretMasker(['z', 'abcde'])('pageSize abcde')).toBe('pageSize abcde');
    expect(createSecretMasker(['abcdef'])('x abcdef')).toBe('x [redacted]');
  });

  it('leaves words that merely look like credentials alone', () => {
    expect(createSecretMasker(['abc123secret'])('Basic Support Bearer Lisbon')).toBe(
      'Basic Support Bearer Lisbon',
    );
  });

  it('waits for drain when the sink pushes back', async () => {
    let drain: (() => void) | undefined;
    const sink: TextSink = {
      write: () => false,
      once: (_event, listener) => {
        drain = listener;
      },
    };
    const writer = new RedactingWriter(sink);
    let done = false;
    const writing = writer.write('line\n').then(() => {
      done = true;
    });
    await Promise.resolve();
    expect(done).toBe(false);
    drain?.();
    await writing;
    expect(done).toBe(true);
  });
});

describe('ProgressLine', () => {
  it('redraws in place and erases itself', () => {
    const sink = collector();
    const progress = new ProgressLine(new RedactingWriter(sink), true);
    progress.update('1 of 2');
    progress.update('2 of 2');
    progress.clear();
    progress.clear();
    expect(sink.text).toBe('\r\u001b[2K1 of 2\r\u001b[2K2 of 2\r\u001b[2K');
  });

  it('draws nothing when disabled', () => {
    const sink = collector();
    const progress = new ProgressLine(new RedactingWriter(sink), false);
    progress.update('1 of 2');
    progress.clear();
    expect(sink.text).toBe('');
  });
});
