import { type ClientOptions, createBoundClient } from '@switchboard/runtime';
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './generated/ryzeapi.gen.js';
import { metadata } from './generated/ryzeapi-metadata.gen.js';

export type RyzeApiInstance = components['schemas']['RyzeApiInstance'];
export type RyzeApiInstanceList = components['schemas']['RyzeApiInstanceList'];
export type RyzeApiError = components['schemas']['RyzeApiError'];
export type RyzeApiConnectionState = components['schemas']['RyzeApiConnectionState'];

/** An openapi-fetch client typed by the spec's `paths`. */
export type RyzeApiClient = Client<paths>;

export type RyzeApiClientOptions = ClientOptions;

/** The spec's server URL, rate limit and secret fields. */
export const ryzeApiMetadata = metadata;

/**
 * A typed client of the ryzeapi API. RyzeAPI authenticates with a `token` header: an account token or an instance token. Requests go through Switchboard's transport
 * (timeout, retries, rate limit); an HTTP error comes back as `{ error, response }` as openapi-fetch
 * does, while connection failures, timeouts and aborts throw typed errors.
 */
export function createRyzeApiClient(options: RyzeApiClientOptions): RyzeApiClient {
  return createBoundClient('ryzeapi', metadata, options, createClient<paths>);
}
