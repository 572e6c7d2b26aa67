// The program every runtime runs (Node as the baseline, then Bun, Deno and workerd): the installed
// @switchboard/core, against the simulator server whose base URLs and tokens it is given. It names no
// provider: it iterates PROVIDER_KEYS and keeps those the server simulates. It only uses what every
// runtime has (fetch, Response, JSON), so the same file runs unchanged, or bundled for workerd.
import { AuthenticationError, createSwitchboard, PROVIDER_KEYS } from '@switchboard/core';

/** The filter applied to the full list, checked against the list itself by the caller. */
export const CHECK_FILTER = { status: 'connected' };

/**
 * @param {{ baseUrls: Record<string, string>, tokens: Record<string, string>, accountOptions?: Record<string, object> }} simulator
 * @returns {Promise<object>} a JSON-serialisable summary, identical on every runtime that works
 */
export async function runSwitchboardChecks(simulator) {
  const simulated = PROVIDER_KEYS.filter((provider) => typeof simulator.baseUrls[provider] === 'string');
  // A provider's own demo options (a business account id) come with the simulator's account.
  const accountOf = (provider, token) => ({
    ...simulator.accountOptions?.[provider],
    provider,
    token,
    baseUrl: simulator.baseUrls[provider],
  });
  const switchboard = createSwitchboard({
    accounts: simulated.map((provider) => accountOf(provider, simulator.tokens[provider])),
    maxRetries: 0,
  });
  const instances = await switchboard.listInstances();
  const filtered = await switchboard.listInstances(CHECK_FILTER);

  const [refusedProvider] = simulated;
  let typedError = 'no error';
  try {
    await createSwitchboard({
      accounts: [accountOf(refusedProvider, 'not-the-simulator-token')],
      maxRetries: 0,
    }).listInstances();
  } catch (error) {
    typedError = AuthenticationError.isInstance(error)
      ? 'AuthenticationError'
      : `${error?.name ?? typeof error}: ${error?.message ?? String(error)}`;
  }

  const perProvider = {};
  for (const provider of simulated) perProvider[provider] = 0;
  for (const instance of instances)
    perProvider[instance.provider] = (perProvider[instance.provider] ?? 0) + 1;
  const key = (instance) => `${instance.account}/${instance.id}`;
  return {
    providers: simulated,
    unsimulated: PROVIDER_KEYS.filter((provider) => !simulated.includes(provider)),
    perProvider,
    statuses: instances.map((instance) => `${key(instance)}=${instance.status}`).sort(),
    filter: CHECK_FILTER,
    filtered: filtered.map(key).sort(),
    refusedProvider,
    typedError,
  };
}
