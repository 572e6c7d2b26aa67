import { type ClientOptions, createBoundClient } from '@switchboard/runtime';
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './generated/waha.gen.js';
import { metadata } from './generated/waha-metadata.gen.js';

/** One session as WAHA lists it (the spec's `SessionInfo`); its `name` is its id in every later call. */
export type WahaSession = components['schemas']['SessionInfo'];
export type WahaSessionStatus = components['schemas']['SessionStatus'];
export type WahaMeInfo = components['schemas']['MeInfo'];
export type WahaSessionConfig = components['schemas']['SessionConfig'];
/** Nest's HTTP error body (`{ statusCode, message, error }`; the 401 has no `error`). */
export type WahaHttpError = components['schemas']['HttpError'];
/** The 500 of WAHA's catch-all filter, which echoes the request. */
export type WahaUnexpectedError = components['schemas']['UnexpectedError'];

/** An openapi-fetch client typed by the spec's `paths`. */
export type WahaClient = Client<paths>;

export type WahaClientOptions = ClientOptions;

/** The spec's server URL, auth, list operation, statuses and secret fields. */
export const wahaMetadata = metadata;

/**
 * A typed client of a WAHA server (default `http://localhost:3000`, the server a user runs). WAHA
 * authenticates with the `X-Api-Key` header. Requests go through Switchboard's transport (timeout,
 * retries, rate limit); an HTTP error comes back as `{ error, response }` as openapi-fetch does, while
 * connection failures, timeouts and aborts throw typed errors.
 */
export function createWahaClient(options: WahaClientOptions): WahaClient {
  return createBoundClient('waha', metadata, options, createClient<paths>);
}
