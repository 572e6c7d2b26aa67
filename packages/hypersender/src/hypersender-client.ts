import { type ClientOptions, createBoundClient } from '@switchboard/runtime';
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './generated/hypersender.gen.js';
import { metadata } from './generated/hypersender-metadata.gen.js';

export type HypersenderInstance = components['schemas']['HypersenderInstance'];
export type HypersenderInstanceStatus = components['schemas']['HypersenderInstanceStatus'];
export type HypersenderError = components['schemas']['HypersenderError'];

/** An openapi-fetch client typed by the spec's `paths`. */
export type HypersenderClient = Client<paths>;

export type HypersenderClientOptions = ClientOptions;

/** The spec's server URL, rate limit and secret fields. */
export const hypersenderMetadata = metadata;

/**
 * A typed client of the hypersender API. Hypersender authenticates with a bearer token, and every request carries
 * `Accept: application/json` (the spec's default: without it Laravel answers errors with a redirect or HTML). Requests go through Switchboard's transport
 * (timeout, retries, rate limit); an HTTP error comes back as `{ error, response }` as openapi-fetch
 * does, while connection failures, timeouts and aborts throw typed errors.
 */
export function createHypersenderClient(options: HypersenderClientOptions): HypersenderClient {
  return createBoundClient('hypersender', metadata, options, createClient<paths>);
}
