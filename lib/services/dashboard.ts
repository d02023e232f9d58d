import type { Contact, Meeting } from '../core/domain/contact.js';
import { filterContacts, type ContactFilter } from '../core/domain/contact-filter.js';
import { followUpPrompts, type FollowUpPrompt } from '../core/domain/cadence.js';
import { testingExpiries, type TestingExpiry } from '../core/domain/google-testing.js';
import { inferMeetings, type Verdict } from '../core/domain/inference.js';
import { latestNotesByContact, type Note } from '../core/domain/notes.js';
import type { UserSettings } from '../core/domain/settings.js';
import type { Proposal } from '../core/domain/proposal.js';
import { suggestionsFeedUrl } from '../adapters/calendars/rapport/feed.js';
import type { Connection } from '../core/ports/connections.js';
import type { Store } from '../core/ports/store.js';
import { loadSettings } from './profile.js';
import { bookingLinkFor } from './propose.js';
import type { LinkMailView } from './link-mail.js';

/** Everything the dashboard shows, loaded with one query per kind of item. */
export interface DashboardView {
  now: string;
  settings: UserSettings;
  connections: Connection[];
  followUps: FollowUpPrompt[];
  due: Contact[];
  /** Every contact, by name. */
  contacts: Contact[];
  /** The search and filters the contact list was asked for (empty: everyone). */
  contactFilter: ContactFilter;
  /** The contacts the list shows: `contacts` that pass `contactFilter`, in the same order. */
  listedContacts: Contact[];
  /** Each contact's latest note (newest first), shown next to them in Due and Contacts. */
  latestNotes: Map<string, Note[]>;
  /** Recent calendar events with the verdict and reason inference gave each. */
  recent: Verdict[];
  /** Live proposals with the link to send, and coffees booked and still ahead. */
  proposals: { proposal: Proposal; link: string }[];
  /** Whether mail leaves this Rapport (a transport is configured) or waits on the outbox page. */
  mailSends: boolean;
  /** The subscribable feed of Rapport's own calendar, when the user has it as a connection. */
  suggestionsFeed?: string;
  /** Each open proposal's link email: sends so far, the last one's fate, the editable draft (lib/services/link-mail.ts). */
  linkMail?: Map<string, LinkMailView>;
  /** Google connections that will stop working because the OAuth client is in testing mode. */
  googleTestingExpiries: TestingExpiry[];
}

export interface DashboardDeps {
  store: Store;
  config: { signingKey?: Buffer; baseUrl: string; google?: { oauthTesting?: boolean } };
  /** Absent or not sending: messages are kept on the outbox page. */
  mailer?: { sends: boolean };
}

function isLive(p: Proposal, now: string): boolean {
  if (p.status === 'open' || p.status === 'pending') return p.expiresAt > now;
  return p.status === 'booked' && p.booking?.status === 'confirmed' && p.booking.end > now;
}

/** How far back the "what counted" list goes on the dashboard. */
export const RECENT_DAYS = 56;
const MAX_RECENT = 300;

export interface DashboardOptions {
  /** Narrows the contact list only; the other sections always show everything. */
  contactFilter?: ContactFilter;
}

export async function loadDashboard(deps: DashboardDeps, userId: string, now: string, options: DashboardOptions = {}): Promise<DashboardView> {
  const { store } = deps;
  const settings = await loadSettings(store, userId);
  const [connections, contacts, due, proposals, notes] = await Promise.all([
    store.connections.list(userId),
    store.contacts.list(userId),
    store.contacts.due(userId, now),
    store.proposals.list(userId),
    store.notes.list(userId),
  ]);
  const key = deps.config.signingKey;
  const byName = [...contacts].sort((a, b) => (a.name ?? a.email).localeCompare(b.name ?? b.email, 'en'));
  const contactFilter = options.contactFilter ?? {};
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
    contacts: byName,
    contactFilter,
    listedContacts: filterContacts(byName, contactFilter, now),
    latestNotes: latestNotesByContact(notes),
    recent,
    proposals: proposals
      .filter((p) => isLive(p, now))
      .sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1))
      .map((proposal) => ({ proposal, link: key ? bookingLinkFor({ signingKey: key, baseUrl: deps.config.baseUrl }, userId, proposal.id) : '' })),
    mailSends: deps.mailer?.sends ?? false,
    suggestionsFeed:
      key && connections.some((c) => c.kind === 'rapport') ? suggestionsFeedUrl(deps.config.baseUrl, key, userId, settings) : undefined,
    googleTestingExpiries: testingExpiries(connections, now, deps.config.google?.oauthTesting ?? false),
  };
}

export async function listMeetings(store: Store, userId: string, range?: { from?: string; to?: string }): Promise<Meeting[]> {
  return store.meetings.list(userId, range);
}
