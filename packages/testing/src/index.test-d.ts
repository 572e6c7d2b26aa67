import type { HypersenderInstance } from '@switchboard/hypersender';
import type { RyzeApiInstance } from '@switchboard/ryzeapi';
import type { WachatInstance } from '@switchboard/wachat';
import type { ZApiInstance } from '@switchboard/z-api';
import { describe, expectTypeOf, it } from 'vitest';
import {
  createFakeInstances,
  createSimulators,
  DEMO_TOKENS,
  type ProviderSimulator,
  type SimulatedProvider,
  type SimulatorFault,
  type SimulatorServer,
  startSimulatorServer,
} from './index.js';

const simulators = createSimulators({
  seed: 1,
  counts: { 'z-api': 250, ryzeapi: 20, hypersender: 10, wachat: 5 },
});

describe('the @switchboard/testing types', () => {
  it('types each simulator with its provider item from the generated types', () => {
    expectTypeOf(simulators['z-api'].instances).toEqualTypeOf<ZApiInstance[]>();
    expectTypeOf(simulators.ryzeapi.instances).toEqualTypeOf<RyzeApiInstance[]>();
    expectTypeOf(simulators.hypersender.instances).toEqualTypeOf<HypersenderInstance[]>();
    expectTypeOf(simulators.wachat.instances).toEqualTypeOf<WachatInstance[]>();
    expectTypeOf(simulators.wachat).toMatchTypeOf<ProviderSimulator<'wachat'>>();
  });

  it('types createFakeInstances by its provider argument', () => {
    expectTypeOf(createFakeInstances('hypersender', 2)).toEqualTypeOf<HypersenderInstance[]>();
    expectTypeOf(createFakeInstances('z-api', 2, { seed: 3 })).toEqualTypeOf<ZApiInstance[]>();
    // @ts-expect-error: not a simulated provider
    createFakeInstances('twilio', 2);
  });

  it('gives fetch functions that fit wherever a fetch is taken', () => {
    expectTypeOf(simulators.fetch).toMatchTypeOf<typeof fetch>();
    expectTypeOf(simulators.ryzeapi.fetch).toMatchTypeOf<typeof fetch>();
    expectTypeOf(simulators.ryzeapi.handle).toEqualTypeOf<(request: Request) => Promise<Response>>();
  });

  it('keys tokens and base URLs by provider', async () => {
    expectTypeOf(DEMO_TOKENS).toEqualTypeOf<Readonly<Record<SimulatedProvider, string>>>();
    const server = await startSimulatorServer({ port: 0 });
    expectTypeOf(server).toEqualTypeOf<SimulatorServer>();
    expectTypeOf(server.baseUrls.hypersender).toEqualTypeOf<string>();
  });

  it('requires what each fault needs', () => {
    expectTypeOf<{ type: 'status'; status: 503 }>().toMatchTypeOf<SimulatorFault>();
    // @ts-expect-error: a status fault needs its status
    simulators.wachat.injectFault({ type: 'status' });
    // @ts-expect-error: latency is given in `ms`
    simulators.wachat.injectFault({ type: 'latency', seconds: 2 });
  });
});
