import { type ClientOptions, createBoundClient } from '@switchboard/runtime';
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './generated/z-api.gen.js';
import { metadata } from './generated/z-api-metadata.gen.js';

export type ZApiInstance = components['schemas']['ZApiInstance'];
export type ZApiInstancePage = components['schemas']['ZApiInstancePage'];
export type ZApiError = components['schemas']['ZApiError'];

/** An openapi-fetch client typed by the spec's `paths`. */
export type ZApiClient = Client<paths>;

export type ZApiClientOptions = ClientOptions;

/** The spec's server URL, rate limit and secret fields. */
export const zApiMetadata = metadata;

/**
 * A typed client of the z-api API. Z-API authenticates with the partner token as a bearer token, and every request
 * carries `Content-Type: application/json` (the spec's default: Z-API answers 415 without it, even on a GET). Requests go through Switchboard's transport
 * (timeout, retries, rate limit); an HTTP error comes back as `{ error, response }` as openapi-fetch
 * does, while connection failures, timeouts and aborts throw typed errors.
 */
export function createZApiClient(options: ZApiClientOptions): ZApiClient {
  return createBoundClient('z-api', metadata, options, createClient<paths>);
}
