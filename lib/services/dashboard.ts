import type { Contact, Meeting } from '../core/domain/contact.js';
import { followUpPrompts, type FollowUpPrompt } from '../core/domain/cadence.js';
import { testingExpiries, type TestingExpiry } from '../core/domain/google-testing.js';
import { inferMeetings, type Verdict } from '../core/domain/inference.js';
import { latestNotesByContact, type Note } from '../core/domain/notes.js';
import type { UserSettings } from '../core/domain/settings.js';
import type { Proposal } from '../core/domain/proposal.js';
import { suggestionsFeedUrl } from '../adapters/calendars/rapport/feed.js';
import type { OutboxEntry } from '../adapters/calendars/rapport/outbox.js';
import type { Connection } from '../core/ports/connections.js';
import type { Store } from '../core/ports/store.js';
import { loadSettings } from './profile.js';
import { bookingLinkFor } from './propose.js';

/** Everything the dashboard shows, loaded with one query per kind of item. */
export interface DashboardView {
  now: string;
  settings: UserSettings;
  connections: Connection[];
  followUps: FollowUpPrompt[];
  due: Contact[];
  contacts: Contact[];
  /** Each contact's latest note (newest first), shown next to them in Due and Contacts. */
  latestNotes: Map<string, Note[]>;
  /** Recent calendar events with the verdict and reason inference gave each. */
  recent: Verdict[];
  /** Live proposals with the link to send, and coffees booked and still ahead. */
  proposals: { proposal: Proposal; link: string }[];
  /** Invitations Rapport's own calendar handed to its outbox for this user's coffees, newest first. */
  invitations: SentInvitation[];
  /** The subscribable feed of Rapport's own calendar, when the user has it as a connection. */
  suggestionsFeed?: string;
  /** Google connections that will stop working because the OAuth client is in testing mode. */
  googleTestingExpiries: TestingExpiry[];
}

export interface SentInvitation extends OutboxEntry {
  guestEmail: string;
  guestName?: string;
  /** When the coffee is (or was, for a cancellation). */
  start: string;
}

export interface DashboardDeps {
  store: Store;
  config: { signingKey?: Buffer; baseUrl: string; google?: { oauthTesting?: boolean } };
  /** The outbox's messages (locally: `.ics` files under the data folder); none when absent. */
  sentInvitations?: () => Promise<OutboxEntry[]>;
}

function isLive(p: Proposal, now: string): boolean {
  if (p.status === 'open' || p.status === 'pending') return p.expiresAt > now;
  return p.status === 'booked' && p.booking?.status === 'confirmed' && p.booking.end > now;
}

/** How far back the "what counted" list goes on the dashboard. */
export const RECENT_DAYS = 56;
const MAX_RECENT = 300;

export async function loadDashboard(deps: DashboardDeps, userId: string, now: string): Promise<DashboardView> {
  const { store } = deps;
  const settings = await loadSettings(store, userId);
  const [connections, contacts, due, proposals, outbox, notes] = await Promise.all([
    store.connections.list(userId),
    store.contacts.list(userId),
    store.contacts.due(userId, now),
    store.proposals.list(userId),
    deps.sentInvitations?.() ?? [],
    store.notes.list(userId),
  ]);
  const key = deps.config.signingKey;
  const events = (await Promise.all(connections.map((c) => store.events.listByConnection(userId, c.id)))).flat();
  const since = new Date(Date.parse(now) - RECENT_DAYS * 86_400_000).toISOString();
  const recent = inferMeetings(events, settings, now)
    .filter((v) => v.event.start >= since && v.event.start <= now)
    .reverse()
    .slice(0, MAX_RECENT);
  return {
    now,
    settings,
    connections,
    followUps: followUpPrompts(contacts, now),
    due,
    contacts: [...contacts].sort((a, b) => (a.name ?? a.email).localeCompare(b.name ?? b.email, 'en')),
    latestNotes: latestNotesByContact(notes),
    recent,
    proposals: proposals
      .filter((p) => isLive(p, now))
      .sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1))
      .map((proposal) => ({ proposal, link: key ? bookingLinkFor({ signingKey: key, baseUrl: deps.config.baseUrl }, proposal.id) : '' })),
    invitations: invitationsOf(outbox, proposals),
    suggestionsFeed:
      key && connections.some((c) => c.kind === 'rapport') ? suggestionsFeedUrl(deps.config.baseUrl, key, userId, settings) : undefined,
    googleTestingExpiries: testingExpiries(connections, now, deps.config.google?.oauthTesting ?? false),
  };
}

const MAX_INVITATIONS = 50;

/** Only messages about this user's coffees: the outbox folder is shared by every local user. */
function invitationsOf(outbox: OutboxEntry[], proposals: Proposal[]): SentInvitation[] {
  const bookings = new Map(proposals.flatMap((p) => (p.booking ? [[p.booking.eventId, p.booking] as const] : [])));
  return outbox.flatMap((entry) => {
    const booking = bookings.get(entry.eventId);
    return booking ? [{ ...entry, guestEmail: booking.guestEmail, guestName: booking.guestName, start: booking.start }] : [];
  }).slice(0, MAX_INVITATIONS);
}

export async function listMeetings(store: Store, userId: string, range?: { from?: string; to?: string }): Promise<Meeting[]> {
  return store.meetings.list(userId, range);
}
