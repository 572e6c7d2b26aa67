import type { ZApiInstance, ZApiInstancePage } from '@switchboard/z-api';
import {
  BaseProviderSimulator,
  jsonResponse,
  type ProviderSimulatorOptions,
  readBearerToken,
  type SimulatorRequestContext,
  statusText,
} from './provider-simulator.js';

export type ZApiSimulatorOptions = ProviderSimulatorOptions<'z-api'>;

/** A whole number above 0 written plainly: `1`, `25`; not `0`, `-1`, `1.5`, `1e2` or ``. */
function readPositiveInteger(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  const number = Number(value.trim());
  return Number.isSafeInteger(number) && number > 0 ? number : undefined;
}

/**
 * Z-API's partner endpoint `GET /instances`.
 *
 * - Auth: `Authorization: Bearer <partner token>`; anything else is 401.
 * - `page` and `pageSize` are required positive integers; otherwise 400 with a JSON body naming the
 *   parameter (Z-API does not document that body: `{ error, message }` here).
 * - `query` (documented as a number, but it "searches by instance name and id"): our reading is a
 *   case-insensitive substring match on the name, or an exact, case-insensitive match on the id.
 *   A blank query filters nothing.
 * - The page comes back with status 201, as the docs show: `{ total, totalPage, pageSize, page, content }`,
 *   where `total` counts every match, `totalPage` is `ceil(total / pageSize)` (0 when nothing matches)
 *   and a page past the end has an empty `content`.
 * - Another method on `/instances` is 405, as the docs list; any other path is 404.
 */
export class ZApiSimulator extends BaseProviderSimulator<'z-api'> {
  protected readonly successStatus = 201;

  constructor(options: ZApiSimulatorOptions = {}) {
    super('z-api', options);
  }

  protected respond(context: SimulatorRequestContext): Response {
    const path = context.path.replace(/\/+$/, '') || '/';
    if (path !== '/instances') return this.errorResponse(404, `Cannot ${context.request.method} ${path}`);
    if (context.request.method !== 'GET') {
      return this.errorResponse(405, `Method ${context.request.method} is not allowed; use GET`, {
        allow: 'GET',
      });
    }
    const token = readBearerToken(context.request.headers);
    if (token === undefined) {
      context.setCredential('missing');
      return this.errorResponse(401, 'Missing partner token: send Authorization: Bearer <token>');
    }
    if (token !== this.accountToken) {
      context.setCredential('invalid');
      return this.errorResponse(401, 'Invalid partner token');
    }
    context.setCredential('account');
    const page = readPositiveInteger(context.query.get('page'));
    if (page === undefined) {
      return this.errorResponse(400, '`page` is required and must be a positive integer');
    }
    const pageSize = readPositiveInteger(context.query.get('pageSize'));
    if (pageSize === undefined) {
      return this.errorResponse(400, '`pageSize` is required and must be a positive integer');
    }
    const matches = this.#search(context.query.get('query'));
    const body: ZApiInstancePage = {
      total: matches.length,
      totalPage: Math.ceil(matches.length / pageSize),
      pageSize,
      page,
      content: matches.slice((page - 1) * pageSize, page * pageSize),
    };
    return jsonResponse(this.successStatus, body);
  }

  #search(query: string | null): ZApiInstance[] {
    const text = query?.trim().toLowerCase() ?? '';
    if (text === '') return [...this.instances];
    return this.instances.filter(
      (instance) => instance.name.toLowerCase().includes(text) || instance.id.toLowerCase() === text,
    );
  }

  protected errorBody(status: number, message: string): unknown {
    return { error: statusText(status), message };
  }

  protected wrongShapeBody(): unknown {
    // The items with no page envelope around them.
    return [...this.instances];
  }

  protected successBody(): unknown {
    return {
      total: this.instances.length,
      totalPage: this.instances.length === 0 ? 0 : 1,
      pageSize: Math.max(1, this.instances.length),
      page: 1,
      content: this.instances,
    };
  }
}

export function createZApiSimulator(options: ZApiSimulatorOptions = {}): ZApiSimulator {
  return new ZApiSimulator(options);
}
