import { assertProviderDefinition, type PushDownFilter } from '@switchboard/runtime';
import { describe, expect, it } from 'vitest';
import { evolutionApiProvider } from './evolution-api-provider.js';
import { createEvolutionApiSimulator, EVOLUTION_API_STATES } from './evolution-api-simulator.js';

function listWith(filter: PushDownFilter, token?: string) {
  const simulator = createEvolutionApiSimulator({ count: 8, seed: 11 });
  const { adapter } = evolutionApiProvider;
  const client = adapter.createClient({
    token: token ?? simulator.accountToken,
    baseUrl: simulator.baseUrl,
    fetch: simulator.fetch,
    maxRetries: 0,
  });
  const result = adapter.listPage(client, { account: 'e', page: { number: 1 }, filter, settings: {} });
  return { simulator, result };
}

describe('evolutionApiProvider', () => {
  it('is a v1 definition for its key, with no account options of its own', () => {
    expect(() => assertProviderDefinition(evolutionApiProvider, 'evolution-api')).not.toThrow();
    expect(evolutionApiProvider.displayName).toBe('Evolution API');
    expect(evolutionApiProvider.accountOptions.keys).toEqual([]);
    expect(evolutionApiProvider.accountOptions.resolve({}, 'accounts[0]')).toEqual({});
  });

  it('declares its environment variables, its apikey header and its self-hosted default', () => {
    expect(evolutionApiProvider.environment).toEqual({
      token: 'EVOLUTION_API_TOKEN',
      baseUrl: 'EVOLUTION_API_BASE_URL',
    });
    expect(evolutionApiProvider.metadata.auth).toEqual({ scheme: 'header', header: 'apikey' });
    expect(evolutionApiProvider.metadata.selfHosted).toBe(true);
    expect(evolutionApiProvider.metadata.defaultBaseUrl).toBe('http://localhost:8080');
    expect(evolutionApiProvider.metadata.rateLimit).toBeNull();
  });

  it('loads its simulator entry lazily, with fake instances of every state', async () => {
    const simulatorModule = await evolutionApiProvider.loadSimulator();
    const items = simulatorModule.createFakeInstances(simulatorModule.defaultInstanceCount, { seed: 2 });
    expect(items).toHaveLength(EVOLUTION_API_STATES.length);
    const simulator = simulatorModule.createSimulator() as ReturnType<typeof createEvolutionApiSimulator>;
    expect(simulator.accountToken).toBe(simulatorModule.demoToken);
  });

  it('reads the 404 for one unknown name as a listing of nothing, in one request', async () => {
    const { simulator, result } = listWith({ names: ['No such instance'] });
    await expect(result).resolves.toEqual({ instances: [], next: null });
    expect(simulator.requests.map((request) => [request.query.instanceName, request.status])).toEqual([
      ['No such instance', 404],
    ]);
  });

  it('pushes one id down as instanceName, since the id is the name', async () => {
    const name = createEvolutionApiSimulator({ count: 8, seed: 11 }).instances[3]!.name;
    const { simulator, result } = listWith({ ids: [name] });
    const page = await result;
    expect(page.instances.map((instance) => instance.id)).toEqual([name]);
    expect(simulator.requests.map((request) => request.query)).toEqual([{ instanceName: name }]);
  });

  it('gives an instance token whose filter names another instance its own instance, after one more request', async () => {
    const probe = createEvolutionApiSimulator({ count: 8, seed: 11 });
    const [own, other] = probe.instances;
    const { simulator, result } = listWith({ names: [other!.name] }, own!.token!);
    const page = await result;
    expect(simulator.requests.map((request) => [request.query.instanceName, request.status])).toEqual([
      [other!.name, 401],
      [undefined, 200],
    ]);
    // The facade's exact filter drops it, so the listing is `[]`.
    expect(page.instances.map((instance) => instance.id)).toEqual([own!.name]);
  });
});
