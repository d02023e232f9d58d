import { createHash } from 'node:crypto';
import type { GraphEvent } from './wire.js';

/**
 * The fake's mailboxes: each one's events with the version of their last change (what delta
 * queries compare), the ids removed and when (delta's `@removed`), and how many requests are in
 * flight for it (Graph allows 4 per app per mailbox; the fake measures, it does not refuse).
 */

export interface StoredEvent {
  event: GraphEvent;
  version: number;
}

export interface Mailbox {
  email: string;
  name: string;
  /** The account's object id (`oid`, and `uid` in client_info). */
  id: string;
  events: Map<string, StoredEvent>;
  removed: Map<string, number>;
  version: number;
  inFlight: number;
  maxInFlight: number;
  /**
   * The calendar's `allowedOnlineMeetingProviders`: a work mailbox offers Teams; a test sets
   * `[]` for a personal one, whose events then get no online meeting.
   */
  onlineMeetingProviders: string[];
}

export interface Mailboxes {
  /** Adds the mailbox unless it exists; returns it either way. */
  add(email: string, name?: string): Mailbox;
  /** The mailbox, or an error: callers name mailboxes they created. */
  get(email: string): Mailbox;
  find(email: string): Mailbox | undefined;
  /** Sets an event (new or changed), as the user would in Outlook. */
  putEvent(email: string, event: GraphEvent): void;
  deleteEvent(email: string, id: string): void;
}

/**
 * Derived from the address, GUID-shaped like Entra object ids: a restarted local run signs the
 * same person in as the same account, so "Reconnect" heals the connection it made before.
 */
function objectIdOf(email: string): string {
  const hex = createHash('sha256').update(`graph-fake|${email}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export function createMailboxes(): Mailboxes {
  const boxes = new Map<string, Mailbox>();
  const find = (email: string) => boxes.get(email.toLowerCase());
  const get = (email: string) => {
    const box = find(email);
    if (!box) throw new Error(`no mailbox ${email}`);
    return box;
  };
  return {
    add(email, name = email.split('@')[0]!) {
      const lower = email.toLowerCase();
      const existing = boxes.get(lower);
      if (existing) return existing;
      const box: Mailbox = { email: lower, name, id: objectIdOf(lower), events: new Map(), removed: new Map(), version: 0, inFlight: 0, maxInFlight: 0, onlineMeetingProviders: ['teamsForBusiness'] };
      boxes.set(lower, box);
      return box;
    },
    get,
    find,
    putEvent(email, event) {
      const box = get(email);
      box.version += 1;
      box.events.set(event.id, { event: structuredClone(event), version: box.version });
      box.removed.delete(event.id);
    },
    deleteEvent(email, id) {
      const box = get(email);
      box.version += 1;
      box.events.delete(id);
      box.removed.set(id, box.version);
    },
  };
}
