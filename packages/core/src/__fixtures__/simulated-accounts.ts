import type { Simulators } from '@switchboard/testing';
import type { AccountOptions, ProviderKey } from '../index.js';

/**
 * An account of the provider's simulator, with the demo options its provider needs (WhatsApp Cloud's
 * business account id), and no client-side rate limit: the limiter's window is shared across the
 * process, and the suites send far more than a provider's documented limit.
 */
export function accountOf(simulators: Simulators, provider: ProviderKey): AccountOptions {
  return {
    provider,
    token: simulators.tokens[provider],
    ...simulators.accountOptions[provider],
    rateLimit: false,
  } as AccountOptions;
}
