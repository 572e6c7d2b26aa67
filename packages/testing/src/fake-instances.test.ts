import { ValidationError } from '@switchboard/runtime';
import { describe, expect, it } from 'vitest';
import {
  createFakeInstances,
  HYPERSENDER_STATUSES,
  RYZEAPI_CONNECTION_STATES,
  WACHAT_STATES,
  ZAPI_CONNECTION_STATES,
} from './fake-instances.js';
import { SIMULATED_PROVIDERS, type SimulatedProvider } from './providers.js';

/** The id each provider uses in its next API call, which must be unique within a list. */
const idOf: Record<SimulatedProvider, (item: never) => string> = {
  'z-api': (item: { id: string }) => item.id,
  ryzeapi: (item: { id: string }) => item.id,
  hypersender: (item: { id: string }) => item.id,
  wachat: (item: { apiInstanceName: string }) => item.apiInstanceName,
};
const nameOf: Record<SimulatedProvider, (item: never) => string> = {
  'z-api': (item: { name: string }) => item.name,
  ryzeapi: (item: { name: string }) => item.name,
  hypersender: (item: { name: string }) => item.name,
  wachat: (item: { instanceName: string }) => item.instanceName,
};

describe('createFakeInstances', () => {
  it.each(SIMULATED_PROVIDERS)(
    '%s: the same seed gives the same items, another seed other items',
    (provider) => {
      const first = createFakeInstances(provider, 20, { seed: 7 });
      expect(createFakeInstances(provider, 20, { seed: 7 })).toEqual(first);
      expect(createFakeInstances(provider, 20, { seed: 8 })).not.toEqual(first);
      expect(first).toHaveLength(20);
    },
  );

  it.each(SIMULATED_PROVIDERS)('%s: ids and names are unique within a list', (provider) => {
    const items = createFakeInstances(provider, 300, { seed: 3 }) as never[];
    expect(new Set(items.map(idOf[provider])).size).toBe(300);
    expect(new Set(items.map(nameOf[provider])).size).toBe(300);
  });

  it('gives each provider its own stream from one seed', () => {
    const zApiNames = createFakeInstances('z-api', 5, { seed: 1 }).map((item) => item.name.toLowerCase());
    const ryzeNames = createFakeInstances('ryzeapi', 5, { seed: 1 }).map((item) =>
      item.name.replace(/-/g, ' '),
    );
    expect(zApiNames).not.toEqual(ryzeNames);
  });

  it.each([1, 2, 3, 42])('represents every status value once a list is long enough (seed %i)', (seed) => {
    const zApi = createFakeInstances('z-api', ZAPI_CONNECTION_STATES.length, { seed });
    expect(new Set(zApi.map((item) => `${item.phoneConnected}/${item.whatsappConnected}`)).size).toBe(3);
    const ryze = createFakeInstances('ryzeapi', RYZEAPI_CONNECTION_STATES.length, { seed });
    expect(new Set(ryze.map((item) => item.connection?.state))).toEqual(new Set(RYZEAPI_CONNECTION_STATES));
    const hypersender = createFakeInstances('hypersender', HYPERSENDER_STATUSES.length, { seed });
    expect(new Set(hypersender.map((item) => item.status))).toEqual(new Set(HYPERSENDER_STATUSES));
    const wachat = createFakeInstances('wachat', WACHAT_STATES.length, { seed });
    expect(new Set(wachat.map((item) => item.state))).toEqual(new Set(WACHAT_STATES));
  });

  it('Z-API items carry every field of the docs example, with `due` in epoch milliseconds', () => {
    const documentedFields = [
      'token',
      'tenant',
      'created',
      'due',
      'paymentStatus',
      'deliveryCallbackUrl',
      'receivedCallbackUrl',
      'disconnectedCallbackUrl',
      'messageStatusCallbackUrl',
      'receivedAndDeliveryCallbackUrl',
      'presenceChatCallbackUrl',
      'connectedCallbackUrl',
      'receivedStatusCallbackUrl',
      'phoneConnected',
      'whatsappConnected',
      'name',
      'id',
    ];
    for (const item of createFakeInstances('z-api', 30, { seed: 5 })) {
      expect(Object.keys(item).sort()).toEqual([...documentedFields].sort());
      expect(Number.isInteger(item.due)).toBe(true);
      expect(item.due).toBeGreaterThan(Date.UTC(2024, 0, 1));
      expect(item.due).toBeGreaterThan(Date.parse(item.created));
      // WhatsApp cannot be connected while the phone is not.
      if (item.whatsappConnected) expect(item.phoneConnected).toBe(true);
    }
    const tenants = new Set(createFakeInstances('z-api', 30, { seed: 5 }).map((item) => item.tenant));
    expect(tenants.size).toBe(1);
  });

  it('RyzeAPI items carry the full documented shape, and chatwoot sends apiToken only with an integration', () => {
    const items = createFakeInstances('ryzeapi', 60, { seed: 11 });
    for (const item of items) {
      for (const field of [
        'connection',
        'profile',
        'proxy',
        'webhook',
        'websocket',
        'chatwoot',
        'settings',
        's3',
      ]) {
        expect(item).toHaveProperty(field);
      }
      expect(item.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(Date.parse(item.updatedAt)).toBeGreaterThanOrEqual(Date.parse(item.createdAt));
      const chatwoot = item.chatwoot!;
      if (chatwoot.enabled) {
        expect(chatwoot.apiToken).toMatch(/^sk_live_/);
      } else {
        expect(chatwoot).not.toHaveProperty('apiToken');
        expect([
          chatwoot.signMessages,
          chatwoot.ignoreGroups,
          chatwoot.startAsPending,
          chatwoot.reopenResolved,
        ]).toEqual([false, false, false, false]);
      }
      if (item.connection?.numberJid !== null) {
        expect(item.connection?.numberJid).toMatch(/^\d{10,15}(:\d+)?@s\.whatsapp\.net$/);
      }
      expect(item.status).toBe(item.connection?.state);
    }
    expect(items.some((item) => item.chatwoot?.enabled)).toBe(true);
    expect(items.some((item) => item.s3?.enabled && item.s3.secretKey)).toBe(true);
    expect(items.some((item) => item.proxy?.enabled && item.proxy.password)).toBe(true);
    expect(items.some((item) => item.connection?.numberJid === null)).toBe(true);
    expect(items.some((item) => item.connection?.numberJid?.includes(':'))).toBe(true);
  });

  it('Hypersender items have zone-less created_at, E.164 phones, and no token before the first connection', () => {
    const items = createFakeInstances('hypersender', 60, { seed: 2 });
    for (const item of items) {
      expect(item.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
      expect(item.phone).toMatch(/^\+[1-9]\d{9,14}$/);
      expect(item.service_type).toBe('whatsapp');
      expect(item.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      if (item.status === 'SCAN_QR_CODE' || item.status === 'PENDING') expect(item.access_token).toBeNull();
      else expect(item.access_token).toMatch(/^\d+\|[A-Za-z0-9]{48}$/);
    }
  });

  it('Wachat items carry every documented field, with the picture under both names and the JID of the number', () => {
    const items = createFakeInstances('wachat', 40, { seed: 9 });
    for (const item of items) {
      expect(Object.keys(item).sort()).toEqual(
        [
          'id',
          'instanceName',
          'displayName',
          'apiInstanceName',
          'internalName',
          'state',
          'status',
          'isConnected',
          'number',
          'profileName',
          'profilePictureUrl',
          'profilePicUrl',
          'owner',
          'integration',
          'createdAt',
          'updatedAt',
        ].sort(),
      );
      expect(item.profilePicUrl).toBe(item.profilePictureUrl);
      expect(item.internalName).toBe(item.apiInstanceName);
      expect(item.apiInstanceName.endsWith(`_${item.instanceName}`)).toBe(true);
      expect(item.isConnected).toBe(item.state === 'open');
      expect(item.owner).toBe(item.number === null ? null : `${item.number}@s.whatsapp.net`);
    }
    const ids = items.map((item) => item.id);
    expect([...ids].sort((first, second) => first - second)).toEqual(ids);
  });

  it('rejects an unknown provider or a bad count with a ValidationError', () => {
    expect(() => createFakeInstances('twilio' as SimulatedProvider, 1)).toThrow(ValidationError);
    expect(() => createFakeInstances('z-api', -1)).toThrow(ValidationError);
    expect(() => createFakeInstances('z-api', 1.5)).toThrow(/whole number/);
    expect(createFakeInstances('wachat', 0)).toEqual([]);
  });
});
