import { effectiveDueAt } from '../../core/domain/cadence.js';
import type { Contact } from '../../core/domain/contact.js';
import { InvalidKey } from '../../core/ports/store-errors.js';
import type { CalendarEvent } from '../../core/domain/event.js';
import { EVENT_END_INDEX, PROPOSAL_HOUR_INDEX, SWEEP_INDEX, TABLE } from './table-definition.js';

/**
 * Every key shape of the single table, in one place. All of a user's items share the
 * partition `USER#<userId>`, so one user's work never reads another's.
 *
 * | item        | sk                                   | due index (sparse), or a note                |
 * |-------------|--------------------------------------|----------------------------------------------|
 * | profile     | `PROFILE`                            | sweepPk `SWEEP#<shard>`, proposePk `PROPOSE#<UTC hour>` |
 * | connection  | `CONN#<connectionId>`                |                                              |
 * | event       | `EVENT#<connectionId>#<instanceKey>` | endPk `USER#<userId>`, endAt `<end>#<connectionId>#<instanceKey>` (may become a meeting) |
 * | meeting     | `MEETING#<start ISO>#<instanceKey>`  |                                              |
 * | contact     | `CONTACT#<email>`                    |                                              |
 * | proposal    | `PROPOSAL#<proposalId>`              |                                              |
 * | lock        | `PLOCK#<email>`                      | (the contact's active proposal)              |
 * | claim cell  | `BOOKCELL#<cell start ISO>`          | (version of a 15-minute cell of claims)      |
 * | claim       | `CLAIM#<start ISO>#<proposalId>`     |                                              |
 * | step due    | `STEP#<proposalId>`                  | (a booking owes its calendar a change)       |
 * | local event | `LOCALCAL#<eventId>`                 | (Rapport's own calendar)                     |
 * | credential  | `CRED#<connectionId>`                | (sealed secrets of a connection)             |
 * | note        | `NOTE#<email>#<noteId>`              | (a note about a contact)                     |
 * | intro       | `INTRO#<email>#<introId>`            | (intro / help log entry about a contact)     |
 * | busy        | `BUSY#<connectionId>`                | (a connection's busy time at its last sync)  |
 * | mail        | `MAIL#<mailId>`                      | (an outbox record: the message and its delivery) |
 * | mail order  | `MAILAT#<created ISO>#<mailId>`      | (no longer written; earlier releases' outbox order, gone by TTL) |
 * | mail owed   | `MAILDUE#<mailId>`                   | (a message still to send, and from when)     |
 * | suppressed  | `SUPPRESS#<email>`                   | (an address mail from this user must skip)   |
 *
 * Three items live outside every user partition, because a request arrives with only a token
 * or an id: the booking-link lookup, `pk = LINK#<tokenHash>`, `sk = LINK`, the push route,
 * `pk = PUSH#<provider>#<channelId>`, `sk = PUSH`, and the sign-in identity,
 * `pk = IDENTITY#<provider>#<hash of account>`, `sk = IDENTITY` (see identities.ts). A fourth
 * is read by the tick for many users at once: the user's next sweep time,
 * `pk = WAKE#<sweep shard>`, `sk = USER#<userId>`, and a booking change's pull beside it,
 * `sk = USER#<userId>#STEP#<proposalId>` (see wake.ts; these partitions' keys, and the schedule
 * indexes', are in schedule-keys.ts).
 */

export interface ItemKey {
  pk: string;
  sk: string;
}

/** Attributes the store adds to an item; they are stripped before an item becomes a domain value. */
const STORE_ATTRIBUTES = [
  TABLE.partitionKey.name,
  TABLE.sortKey.name,
  // The keys of the due index of earlier releases, still on contacts written before it went.
  'duePk',
  'dueAt',
  SWEEP_INDEX.partitionKey.name,
  PROPOSAL_HOUR_INDEX.partitionKey.name,
  EVENT_END_INDEX.partitionKey.name,
  EVENT_END_INDEX.sortKey.name,
  'entity',
  'version',
] as const;

export type Entity =
  | 'Profile'
  | 'Connection'
  | 'Event'
  | 'Meeting'
  | 'Contact'
  | 'Proposal'
  | 'ProposalLock'
  | 'ClaimCell'
  | 'SlotClaim'
  | 'BookingStepDue'
  | 'BookingLink'
  | 'OwnCalendarEvent'
  | 'Credential'
  | 'Note'
  | 'Intro'
  | 'PushRoute'
  | 'BusyIndex'
  | 'Mail'
  | 'MailOrder'
  | 'MailDue'
  | 'MailBody'
  | 'MailSuppression';

const USER = 'USER#';
const PROFILE = 'PROFILE';
const CONNECTION = 'CONN#';
/** One past `CONN#` in sort order: an upper bound for "every connection". */
const CONNECTION_END = 'CONN$';
const EVENT = 'EVENT#';
const MEETING = 'MEETING#';
/** One past `MEETING#` in sort order ('$' follows '#'): an upper bound for "every meeting". */
const MEETING_END = 'MEETING$';
const CONTACT = 'CONTACT#';
const PROPOSAL = 'PROPOSAL#';
const PROPOSAL_LOCK = 'PLOCK#';
/** Claim cells' keys are spelled in claim-cells.ts. */
export const CLAIM_CELL = 'BOOKCELL#';
const CLAIM = 'CLAIM#';
const STEP = 'STEP#';
const LOCAL_CALENDAR = 'LOCALCAL#';
const LINK = 'LINK';
const CREDENTIAL = 'CRED#';
const PUSH = 'PUSH';
const KEYRING = 'KEYRING';
const BRANCH_KEY = 'BRANCH#';
const NOTE = 'NOTE#';
const INTRO = 'INTRO#';
const BUSY = 'BUSY#';
const MAIL = 'MAIL#';
const MAIL_DUE = 'MAILDUE#';
const MAIL_BODY = 'MAILBODY#';
const SUPPRESSION = 'SUPPRESS#';

export function userPartition(userId: string): string {
  return USER + idPart('user id', userId);
}

export function profileKey(userId: string): ItemKey {
  return { pk: userPartition(userId), sk: PROFILE };
}

export const connectionPrefix = CONNECTION;
export function connectionKey(userId: string, connectionId: string): ItemKey {
  return { pk: userPartition(userId), sk: CONNECTION + idPart('connection id', connectionId) };
}

/** Prefix of one connection's events; the trailing `#` keeps `c1` from matching `c10`. */
export function eventPrefix(connectionId: string): string {
  return `${EVENT}${idPart('connection id', connectionId)}#`;
}
export function eventKey(userId: string, connectionId: string, instanceKey: string): ItemKey {
  return { pk: userPartition(userId), sk: eventPrefix(connectionId) + instanceKey };
}

/**
 * The end-time index entry of an event that could become a meeting: someone else is on it and
 * it is not cancelled. Whether it does also depends on the user's settings (their own
 * addresses, declines), which inference decides; the index only has to hold every event that
 * might, so it is a superset. Null for the rest (focus time, holds, cancelled), which stay out.
 */
export function eventEndAttributes(userId: string, connectionId: string, event: CalendarEvent): { endPk: string; endAt: string } | null {
  if (event.status === 'cancelled' || event.attendees.length === 0) return null;
  return { endPk: userPartition(userId), endAt: `${canonicalInstant(event.end)}#${idPart('connection id', connectionId)}#${event.instanceKey}` };
}

/** End-index sort-key bounds for events ending in [from, to]: every entry continues after its instant with `#…`. */
export function eventEndRange(from: string, to: string): { lower: string; upper: string } {
  return { lower: canonicalInstant(from), upper: `${canonicalInstant(to)}#\uffff` };
}

/** The end-index sort key just past every event ending at or before `instant`. */
export function eventEndAfter(instant: string): string {
  return `${canonicalInstant(instant)}#\uffff`;
}

export function meetingKey(userId: string, start: string, instanceKey: string): ItemKey {
  return { pk: userPartition(userId), sk: `${MEETING}${canonicalInstant(start)}#${instanceKey}` };
}

/**
 * Sort-key bounds for meetings starting in [from, to). BETWEEN is inclusive, but every
 * meeting key continues after the instant with `#…`, so `MEETING#<to>` itself is never
 * matched while a meeting starting exactly at `from` is.
 */
export function meetingRange(range: { from?: string; to?: string } = {}): { lower: string; upper: string } {
  return {
    lower: range.from === undefined ? MEETING : MEETING + canonicalInstant(range.from),
    upper: range.to === undefined ? MEETING_END : MEETING + canonicalInstant(range.to),
  };
}

export const contactPrefix = CONTACT;
export function contactKey(userId: string, email: string): ItemKey {
  return { pk: userPartition(userId), sk: CONTACT + email.toLowerCase() };
}

export const proposalPrefix = PROPOSAL;
export function proposalKey(userId: string, proposalId: string): ItemKey {
  return { pk: userPartition(userId), sk: PROPOSAL + idPart('proposal id', proposalId) };
}

/** One lock per contact: the id of the contact's active proposal (emails are case-insensitive). */
export function proposalLockKey(userId: string, contactEmail: string): ItemKey {
  return { pk: userPartition(userId), sk: PROPOSAL_LOCK + contactEmail.trim().toLowerCase() };
}

export function claimKey(userId: string, start: string, proposalId: string): ItemKey {
  return { pk: userPartition(userId), sk: `${CLAIM}${canonicalInstant(start)}#${idPart('proposal id', proposalId)}` };
}

/**
 * Sort-key bounds for claims starting before `before`: as with meetings, `CLAIM#<before>`
 * itself sorts before every claim key that starts at `before` (those continue with `#…`).
 */
export function claimsStartingBefore(before: string): { lower: string; upper: string } {
  return { lower: CLAIM, upper: CLAIM + canonicalInstant(before) };
}

export const claimPrefix = CLAIM;

/**
 * Sort-key bounds of everything free/busy reads from the store, so a booking page reads it in
 * one Query: busy indexes (`BUSY#`), claims (`CLAIM#`) and connections (`CONN#`) are neighbours
 * in sort order and nothing else sorts between them (claim cells, `BOOKCELL#`, sort before).
 * Keep it so: an item kind added between `BUSY#` and `CONN$` would be read by every page view.
 */
export function calendarStateRange(): { lower: string; upper: string } {
  return { lower: BUSY, upper: CONNECTION_END };
}

export const stepDuePrefix = STEP;
export function stepDueKey(userId: string, proposalId: string): ItemKey {
  return { pk: userPartition(userId), sk: STEP + idPart('proposal id', proposalId) };
}

export const localCalendarPrefix = LOCAL_CALENDAR;
export function localCalendarKey(userId: string, eventId: string): ItemKey {
  return { pk: userPartition(userId), sk: LOCAL_CALENDAR + idPart('event id', eventId) };
}

/** The booking-link lookup: its own partition, found from the token's hash alone. */
export function bookingLinkKey(tokenHash: string): ItemKey {
  return { pk: `${LINK}#${idPart('token hash', tokenHash)}`, sk: LINK };
}

export function credentialKey(userId: string, connectionId: string): ItemKey {
  return { pk: userPartition(userId), sk: CREDENTIAL + idPart('connection id', connectionId) };
}

/** The branch keys that seal secrets (adapters/secrets/branch-keys.ts): one small partition for the whole table. */
export function branchKeyKey(branchId: string): ItemKey {
  return { pk: KEYRING, sk: BRANCH_KEY + idPart('branch id', branchId) };
}

export function pushRouteKey(provider: string, channelId: string): ItemKey {
  return { pk: `${PUSH}#${idPart('provider', provider)}#${idPart('channel id', channelId)}`, sk: PUSH };
}

/**
 * Notes and log entries sort under their contact, so one contact's are one prefix query and
 * all of a user's are another. No email ends in `#` (domains cannot hold one), so the
 * trailing `#` keeps `a@x.io` from matching `a@x.io.uk`'s items.
 */
export const notePrefix = NOTE;
export function notePrefixOf(email: string): string {
  return `${NOTE}${email.trim().toLowerCase()}#`;
}
export function noteKey(userId: string, email: string, noteId: string): ItemKey {
  return { pk: userPartition(userId), sk: notePrefixOf(email) + idPart('note id', noteId) };
}

export const introPrefix = INTRO;
export function introPrefixOf(email: string): string {
  return `${INTRO}${email.trim().toLowerCase()}#`;
}
export function introKey(userId: string, email: string, introId: string): ItemKey {
  return { pk: userPartition(userId), sk: introPrefixOf(email) + idPart('intro id', introId) };
}

/** DynamoDB's TTL wants epoch seconds in a Number attribute (TABLE.timeToLiveAttribute). */
export const busyPrefix = BUSY;
export function busyKey(userId: string, connectionId: string): ItemKey {
  return { pk: userPartition(userId), sk: BUSY + idPart('connection id', connectionId) };
}

export const mailPrefix = MAIL;
export function mailKey(userId: string, mailId: string): ItemKey {
  return { pk: userPartition(userId), sk: MAIL + idPart('mail id', mailId) };
}

/** A message's text, HTML and calendar part, written once beside its record (adapters/store/mail.ts). */
export function mailBodyKey(userId: string, mailId: string): ItemKey {
  return { pk: userPartition(userId), sk: MAIL_BODY + idPart('mail id', mailId) };
}

export const mailDuePrefix = MAIL_DUE;
export function mailDueKey(userId: string, mailId: string): ItemKey {
  return { pk: userPartition(userId), sk: MAIL_DUE + idPart('mail id', mailId) };
}

export const suppressionPrefix = SUPPRESSION;
export function suppressionKey(userId: string, email: string): ItemKey {
  return { pk: userPartition(userId), sk: SUPPRESSION + idPart('email', email.trim().toLowerCase()) };
}

export function ttlSecondsOf(iso: string): number {
  return Math.floor(Date.parse(canonicalInstant(iso)) / 1000);
}

/**
 * Where a contact stands in the due order, or null when it is not tracked. The `#<email>`
 * suffix orders ties; `dueOrder < <before>` still means "due before", because `<due>#…`
 * sorts after `<due>` and before any later instant.
 */
export function dueOrderOf(contact: Contact): string | null {
  const due = effectiveDueAt(contact);
  return due === null ? null : `${canonicalInstant(due)}#${contact.email.toLowerCase()}`;
}

/** The user id of a profile found through a schedule index. */
export function userIdOfPartition(pk: string): string {
  if (!pk.startsWith(USER)) throw new InvalidKey(`not a user partition: ${pk}`);
  return pk.slice(USER.length);
}

/** The exclusive upper bound of a due query. */
export function dueBefore(before: string): string {
  return canonicalInstant(before);
}

/** Removes the store's own attributes so only the domain fields remain. */
export function withoutStoreAttributes<T>(item: Record<string, unknown>): T {
  const copy: Record<string, unknown> = { ...item };
  for (const name of STORE_ATTRIBUTES) delete copy[name];
  return copy as T;
}

/** A `#` inside an id would let one id's prefix match another's items. */
export function idPart(what: string, id: string): string {
  if (id.length === 0 || id.includes('#')) throw new InvalidKey(`${what} must be non-empty and contain no '#'`);
  return id;
}

/**
 * Instants sort correctly as strings only in one format, so keys always hold
 * `Date#toISOString()` output. A string without a zone would be read in the machine's zone:
 * refused rather than guessed.
 */
export function canonicalInstant(iso: string): string {
  const ms = /(Z|[+-]\d\d:?\d\d)$/i.test(iso) ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(ms)) throw new InvalidKey(`not an ISO instant with a zone: ${JSON.stringify(iso)}`);
  return new Date(ms).toISOString();
}
