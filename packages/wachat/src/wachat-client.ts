import { type ClientOptions, createBoundClient } from '@switchboard/runtime';
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './generated/wachat.gen.js';
import { metadata } from './generated/wachat-metadata.gen.js';

export type WachatInstance = components['schemas']['WachatInstance'];
export type WachatInstanceList = components['schemas']['WachatInstanceList'];
export type WachatError = components['schemas']['WachatError'];

/** An openapi-fetch client typed by the spec's `paths`. */
export type WachatClient = Client<paths>;

export type WachatClientOptions = ClientOptions;

/** The spec's server URL, rate limit and secret fields. */
export const wachatMetadata = metadata;

/**
 * A typed client of the wachat API. Wachat authenticates with the account API key as a bearer token. Requests go through Switchboard's transport
 * (timeout, retries, rate limit); an HTTP error comes back as `{ error, response }` as openapi-fetch
 * does, while connection failures, timeouts and aborts throw typed errors.
 */
export function createWachatClient(options: WachatClientOptions): WachatClient {
  return createBoundClient('wachat', metadata, options, createClient<paths>);
}
