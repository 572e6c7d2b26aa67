import { type ClientOptions, createBoundClient } from '@switchboard/runtime';
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './generated/evolution-api.gen.js';
import { metadata } from './generated/evolution-api-metadata.gen.js';

/** One listed instance, as the v2 server sends it (a database row with its integrations). */
export type EvolutionApiInstance = components['schemas']['EvolutionApiInstance'];
export type EvolutionApiConnectionStatus = components['schemas']['EvolutionApiConnectionStatus'];
/** `{ status, error, response: { message } }`; `message` is a string or an array of strings. */
export type EvolutionApiError = components['schemas']['EvolutionApiError'];

/** An openapi-fetch client typed by the spec's `paths`. */
export type EvolutionApiClient = Client<paths>;

export type EvolutionApiClientOptions = ClientOptions;

/** The spec's server URL, auth, list operation and secret fields. */
export const evolutionApiMetadata = metadata;

/**
 * A typed client of a self-hosted Evolution API v2 server (`http://localhost:8080` unless `baseUrl`
 * says otherwise). The token is the `apikey` header: the server's global key, or one instance's token.
 * Requests go through Switchboard's transport (timeout, retries); an HTTP error comes back as
 * `{ error, response }` as openapi-fetch does, while connection failures, timeouts and aborts throw
 * typed errors.
 */
export function createEvolutionApiClient(options: EvolutionApiClientOptions): EvolutionApiClient {
  return createBoundClient('evolution-api', metadata, options, createClient<paths>);
}
