/**
 * The common vocabulary every provider's status is translated into. The order is the order in
 * which a table shows them: healthy first, then transitional states, then dead ones.
 */
export const INSTANCE_STATUSES = [
  'connected',
  'connecting',
  'qr_pending',
  'disconnected',
  'logged_out',
  'stopped',
  'failed',
  'pending',
  'unknown',
] as const;

export type InstanceStatus = (typeof INSTANCE_STATUSES)[number];

export interface InstanceProfile {
  name: string | null;
  pictureUrl: string | null;
  isBusiness: boolean | null;
}

/**
 * One WhatsApp instance in the common model. `@switchboard/core` narrows this to a union
 * discriminated by `provider`, so that checking `instance.provider` narrows `raw`.
 */
export interface Instance<Provider extends string = string, Raw = unknown> {
  provider: Provider;
  /** The label of the account the instance was listed from. */
  account: string;
  /** The id to use in that provider's next API call. */
  id: string;
  name: string | null;
  status: InstanceStatus;
  /** The provider's own status text, or null when the provider has none. */
  providerStatus: string | null;
  /** E.164, for example `+5511999999999`. */
  phone: string | null;
  profile: InstanceProfile;
  /** `Date#toISOString()` form, UTC. */
  createdAt: string | null;
  updatedAt: string | null;
  expiresAt: string | null;
  /** The provider's item as received, with secrets redacted unless `secrets: 'include'`. */
  raw: Raw;
}

const INSTANCE_STATUS_SET: ReadonlySet<string> = new Set(INSTANCE_STATUSES);

export function isInstanceStatus(value: unknown): value is InstanceStatus {
  return typeof value === 'string' && INSTANCE_STATUS_SET.has(value);
}
