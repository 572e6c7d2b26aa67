import {
  AbortError,
  type Instance,
  type ListPageResult,
  type PageRequest,
  ResponseFormatError,
} from '@switchboard/runtime';
import { AbortScope } from './abort-scope.js';

/** Pages requested ahead per account while the caller is still reading the current one. */
export const DEFAULT_PAGE_LOOKAHEAD = 2;

export interface PageWalk<Item extends Instance> {
  /** Fetches one page, through the limiter. */
  fetchPage(page: PageRequest, signal: AbortSignal): Promise<ListPageResult<string, unknown>>;
  /** The most pages requested at once beyond the one being read (page-number walks only). */
  lookahead: number;
  /** Past this many pages the account fails: a provider that never stops paging must not hang a call. */
  maxPages: number;
  /** The scope of the whole call; the walk aborts with it. */
  scope: AbortScope;
  /** Names the account in the error of a walk that cannot end. */
  provider: string;
  account: string;
  /** Phantom: the item type the pages hold. */
  readonly item?: Item;
}

const ignoreRejection = () => {};

function walkError<Item extends Instance>(walk: PageWalk<Item>, reason: string): ResponseFormatError {
  return new ResponseFormatError(
    `${walk.provider} account ${JSON.stringify(walk.account)}: the listing ${reason}, so Switchboard stopped walking it`,
    { provider: walk.provider, account: walk.account, field: 'paging' },
  );
}

/**
 * Yields an account's pages in order, asking for each next page as the last answer says
 * (`ListPageResult.next`). An answer that gives the page count (page-number APIs) lets the walk ask up
 * to `lookahead` pages ahead while the caller reads; cursor pages go one after another. Every walk ends
 * by what the answers say and by sense: no next page, an empty page, `total` items come, a cursor
 * seen before; past `maxPages` the account fails with `ResponseFormatError`. Stopping early (a
 * `break`, an error) aborts the requests still in flight.
 */
export async function* walkPages<Item extends Instance>(
  walk: PageWalk<Item>,
): AsyncGenerator<Item[], void, undefined> {
  const controller = new AbortScope(walk.scope);
  let walkedToTheEnd = false;
  try {
    const first = await walk.fetchPage({ number: 1 }, controller.signal);
    let received = first.instances.length;
    const done = (page: ListPageResult<string, unknown>) =>
      page.next === null ||
      page.instances.length === 0 ||
      (page.total !== undefined && received >= page.total);
    yield first.instances as Item[];
    if (done(first)) {
      walkedToTheEnd = true;
      return;
    }
    if (first.pageCount !== undefined && first.next?.cursor === undefined) {
      yield* walkNumberedPages(
        walk,
        first,
        controller,
        () => received,
        (count) => {
          received += count;
        },
      );
    } else {
      const cursors = new Set<string>();
      let page = first;
      for (let pagesRead = 1; !done(page); pagesRead += 1) {
        const next = page.next!;
        if (next.cursor !== undefined) {
          // A cursor that comes back is a loop: what follows it has been listed already.
          if (cursors.has(next.cursor)) break;
          cursors.add(next.cursor);
        }
        if (pagesRead >= walk.maxPages)
          throw walkError(walk, `has more than maxPages (${walk.maxPages}) pages`);
        page = await walk.fetchPage(next, controller.signal);
        received += page.instances.length;
        yield page.instances as Item[];
      }
    }
    walkedToTheEnd = true;
  } finally {
    // Only a walk stopped early has requests left in flight; building an AbortError for every
    // finished walk cost more than the rest of the walk on one-page providers.
    if (!walkedToTheEnd) controller.abort(new AbortError('The page walk stopped'));
    controller.dispose();
  }
}

/** Pages 2 to the count the first answer gave, asked ahead in parallel and yielded in order. */
async function* walkNumberedPages<Item extends Instance>(
  walk: PageWalk<Item>,
  first: ListPageResult<string, unknown>,
  controller: AbortScope,
  received: () => number,
  addReceived: (count: number) => void,
): AsyncGenerator<Item[], void, undefined> {
  const pageCount = first.pageCount!;
  if (pageCount > walk.maxPages) {
    throw walkError(walk, `announces ${pageCount} pages, more than maxPages (${walk.maxPages})`);
  }
  const ahead: Promise<ListPageResult<string, unknown>>[] = [];
  let nextPage = 2;
  const requestAhead = () => {
    while (nextPage <= pageCount && ahead.length < Math.max(1, walk.lookahead)) {
      const page = walk.fetchPage({ number: nextPage }, controller.signal);
      // Awaited in order below; until then a failure must not count as unhandled.
      page.catch(ignoreRejection);
      ahead.push(page);
      nextPage += 1;
    }
  };
  requestAhead();
  while (ahead.length > 0) {
    const page = await ahead.shift()!;
    addReceived(page.instances.length);
    yield page.instances as Item[];
    if (page.instances.length === 0 || (first.total !== undefined && received() >= first.total)) {
      // The answers say the listing is over: pages asked ahead are not needed.
      if (ahead.length > 0) controller.abort(new AbortError('The page walk ended'));
      return;
    }
    requestAhead();
  }
}
