import { describe, expect, it } from 'vitest';
import { namesFor, packageFiles, registerProvider } from './new-provider.mjs';

const REGISTRY = `import type { AnyProviderDefinition } from '@switchboard/runtime';
import { alphaProvider } from '@switchboard/alpha';
import { betaProvider } from '@switchboard/beta';

export const builtInProviders = [alphaProvider, betaProvider] as const;
`;

describe('new-provider', () => {
  it('derives the names a package uses from the key', () => {
    expect(namesFor('acme-chat')).toEqual({
      key: 'acme-chat',
      camel: 'acmeChat',
      pascal: 'AcmeChat',
      constant: 'ACME_CHAT',
    });
  });

  it('registers a provider with one dependency, one import and one entry', () => {
    const { source, manifest } = registerProvider(
      REGISTRY,
      JSON.stringify({ dependencies: { '@switchboard/alpha': 'workspace:^' } }),
      namesFor('acme-chat'),
    );
    expect(source).toContain("import { acmeChatProvider } from '@switchboard/acme-chat';");
    expect(source).toContain(
      'export const builtInProviders = [alphaProvider, betaProvider, acmeChatProvider] as const;',
    );
    expect(JSON.parse(manifest).dependencies['@switchboard/acme-chat']).toBe('workspace:^');
    expect(() => registerProvider(source, manifest, namesFor('acme-chat'))).toThrow(/already registered/);
  });

  it('writes every file of a provider package, with a simulator entry and the definition', () => {
    const files = packageFiles(namesFor('acme-chat'), {
      'x-switchboard-item-schema': 'AcmeLine',
      info: { title: 'Acme' },
    });
    expect(Object.keys(files).sort()).toEqual(
      [
        'README.md',
        'package.json',
        'src/acme-chat-adapter.test.ts',
        'src/acme-chat-adapter.ts',
        'src/acme-chat-client.ts',
        'src/acme-chat-provider.ts',
        'src/acme-chat-simulator.ts',
        'src/index.ts',
        'tsconfig.build.json',
        'tsconfig.json',
        'turbo.json',
        'vitest.config.ts',
      ].sort(),
    );
    expect(JSON.parse(files['package.json']).exports['./simulator'].types).toBe(
      './dist/acme-chat-simulator.d.ts',
    );
    expect(files['src/acme-chat-client.ts']).toContain("components['schemas']['AcmeLine']");
    expect(files['src/acme-chat-provider.ts']).toContain(
      "environment: { token: 'ACME_CHAT_TOKEN', baseUrl: 'ACME_CHAT_BASE_URL' }",
    );
    expect(files['src/index.ts']).not.toContain('simulator');
  });
});
