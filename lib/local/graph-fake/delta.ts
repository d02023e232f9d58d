import { randomBytes } from 'node:crypto';
import type { Mailbox } from './mailboxes.js';
import { graphError, inZone, jsonReply, type GraphEvent, type Reply } from './wire.js';

/**
 * GET /me/calendarView/delta as Graph answers it: a first call with a time window lists the
 * window in pages linked by `$skiptoken` and ends with a `$deltatoken` link; a call with that
 * link returns only what changed since (deletions as `@removed`). An unknown or expired token
 * is 410 syncStateNotFound, which tells the client to start over.
 */

interface DeltaState {
  mailbox: string;
  from: string;
  to: string;
  /** Changes after this version are "new" to the holder of the token (0 = everything). */
  since: number;
}

interface PageState extends DeltaState {
  /** The version the listing is a snapshot of, and where the next delta link starts. */
  upTo: number;
  offset: number;
  pageSize: number;
}

export interface DeltaQueries {
  read(box: Mailbox, url: URL, zone: string, pageSize: number): Reply;
  /** Forgets every delta/skip token of the mailbox: the next call with one answers 410. */
  expire(email: string): void;
}

const syncStateNotFound = () => jsonReply(410, graphError('syncStateNotFound', 'The sync state generation is not found.'));

export function createDeltaQueries(base: () => string): DeltaQueries {
  const deltaTokens = new Map<string, DeltaState>();
  const skipTokens = new Map<string, PageState>();

  function pageOf(box: Mailbox, url: URL, pageSize: number): PageState | Reply {
    const skip = url.searchParams.get('$skiptoken');
    const deltaToken = url.searchParams.get('$deltatoken');
    if (skip !== null) {
      const state = skipTokens.get(skip);
      return state && state.mailbox === box.email ? state : syncStateNotFound();
    }
    if (deltaToken !== null) {
      const state = deltaTokens.get(deltaToken);
      return state && state.mailbox === box.email ? { ...state, upTo: box.version, offset: 0, pageSize } : syncStateNotFound();
    }
    const from = url.searchParams.get('startDateTime');
    const to = url.searchParams.get('endDateTime');
    if (!from || !to || Number.isNaN(Date.parse(from)) || Number.isNaN(Date.parse(to))) {
      return jsonReply(400, graphError('ErrorInvalidParameter', 'This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.'));
    }
    return { mailbox: box.email, from: new Date(from).toISOString(), to: new Date(to).toISOString(), since: 0, upTo: box.version, offset: 0, pageSize };
  }

  return {
    read(box, url, zone, pageSize) {
      const page = pageOf(box, url, pageSize);
      if ('status' in page) return page;
      const items = changesOf(box, page, zone);
      const result: Record<string, unknown> = { '@odata.context': `${base()}/v1.0/$metadata#Collection(event)`, value: items.slice(page.offset, page.offset + page.pageSize) };
      const next = randomBytes(16).toString('hex');
      if (page.offset + page.pageSize < items.length) {
        skipTokens.set(next, { ...page, offset: page.offset + page.pageSize });
        result['@odata.nextLink'] = `${base()}/v1.0/me/calendarView/delta?$skiptoken=${next}`;
      } else {
        deltaTokens.set(next, { mailbox: box.email, from: page.from, to: page.to, since: page.upTo });
        result['@odata.deltaLink'] = `${base()}/v1.0/me/calendarView/delta?$deltatoken=${next}`;
      }
      return jsonReply(200, result);
    },

    expire(email) {
      const lower = email.toLowerCase();
      for (const [token, state] of deltaTokens) if (state.mailbox === lower) deltaTokens.delete(token);
      for (const [token, state] of skipTokens) if (state.mailbox === lower) skipTokens.delete(token);
    },
  };
}

/** What changed in (since, upTo], in the window; a first listing (since 0) has no removals. */
function changesOf(box: Mailbox, page: PageState, zone: string): unknown[] {
  const inWindow = (e: GraphEvent) => Date.parse(e.start.dateTime + 'Z') < Date.parse(page.to) && Date.parse(e.end.dateTime + 'Z') > Date.parse(page.from);
  const changed = [...box.events.values()]
    .filter((e) => e.version > page.since && e.version <= page.upTo && inWindow(e.event) && e.event.type !== 'seriesMaster')
    .sort((a, b) => a.version - b.version)
    // Delta queries do not expand extended properties: what Rapport sees there is the category.
    .map((e) => ({ ...inZone(e.event, zone), singleValueExtendedProperties: undefined }));
  const removed =
    page.since === 0 ? [] : [...box.removed.entries()].filter(([, v]) => v > page.since && v <= page.upTo).map(([id]) => ({ id, '@removed': { reason: 'deleted' } }));
  return [...changed, ...removed];
}
