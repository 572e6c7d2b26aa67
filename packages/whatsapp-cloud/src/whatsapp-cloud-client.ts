import {
  bindClientSetup,
  type ClientOptions,
  defaultHeaders,
  resolveClientSetup,
  type TransportCallOptions,
  type TransportFetch,
} from '@switchboard/runtime';
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './generated/whatsapp-cloud.gen.js';
import { metadata } from './generated/whatsapp-cloud-metadata.gen.js';
import { createGraphThrottlingFetches, type GraphThrottlingFetches } from './whatsapp-cloud-throttling.js';

/** One phone number of a WhatsApp Business Account: what Switchboard lists as an instance. */
export type WhatsAppCloudPhoneNumber = components['schemas']['WhatsAppCloudPhoneNumber'];
export type WhatsAppCloudPhoneNumberList = components['schemas']['WhatsAppCloudPhoneNumberList'];
export type WhatsAppCloudPhoneNumberStatus = components['schemas']['WhatsAppCloudPhoneNumberStatus'];
export type GraphCursorPaging = components['schemas']['GraphCursorPaging'];
export type GraphError = components['schemas']['GraphError'];

/** An openapi-fetch client typed by the spec's `paths`. */
export type WhatsAppCloudClient = Client<paths>;

export type WhatsAppCloudClientOptions = ClientOptions;

/** The spec's server URL, auth, list operation, status map and secret fields. */
export const whatsAppCloudMetadata = metadata;

const PROVIDER = 'whatsapp-cloud';

/**
 * A typed client of the WhatsApp Cloud API (Graph), authenticated with `Authorization: Bearer`.
 * Requests go through Switchboard's transport (timeout, retries, rate limit); Graph's throttling
 * answers (error codes 4, 17, 32, 613, 80007, 130429, often under HTTP 400) are retried like a 429,
 * waiting what `X-Business-Use-Case-Usage` announces. An HTTP error comes back as
 * `{ error, response }` with Graph's own status and body, as openapi-fetch does; connection failures,
 * timeouts and aborts throw typed errors.
 */
export function createWhatsAppCloudClient(options: WhatsAppCloudClientOptions): WhatsAppCloudClient {
  const throttling = createGraphThrottlingFetches();
  const wrappable =
    typeof options === 'object' &&
    options !== null &&
    (options.fetch === undefined || typeof options.fetch === 'function');
  // Options the runtime refuses go to it untouched, so its ValidationError names the real mistake.
  const setupOptions = wrappable
    ? {
        ...options,
        // Looked up at each request, so that msw and similar installed later still apply.
        fetch: throttling.below(options.fetch ?? ((input, init) => globalThis.fetch(input, init))),
      }
    : options;
  const setup = resolveClientSetup(PROVIDER, metadata, setupOptions);
  const fetch = graphTransport(setup.fetch, throttling);
  const client = createClient<paths>({
    baseUrl: setup.baseUrl,
    fetch,
    headers: defaultHeaders(metadata, setup.token),
  });
  return bindClientSetup(client, { ...setup, fetch });
}

/**
 * The transport as the client calls it, Graph's own answers restored above it; one call's timeout
 * or retries (`withOptions`) get the same restoring, so that a call overriding them still sees what
 * Graph sent.
 */
function graphTransport(transport: TransportFetch, throttling: GraphThrottlingFetches): TransportFetch {
  return Object.assign(throttling.above(transport), {
    withOptions: (overrides: TransportCallOptions) =>
      graphTransport(transport.withOptions(overrides), throttling),
  });
}
