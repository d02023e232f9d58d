import { DEFAULT_COFFEE_SETTINGS } from '../../lib/core/domain/coffee.js';
import type { Route } from '../../lib/edge/http/router.js';
import type { SendOptions } from './cloud-app.js';

/**
 * One concrete request for every route of the dashboard function, aimed at identifiers the
 * caller chooses (someone else's contact, note and connection, in the isolation test). Keyed
 * by the route's method and pattern, so a test can demand a probe for every route in
 * APP_ROUTES: a route added without a probe fails that test until someone writes one.
 */

export interface RouteProbe extends SendOptions {
  method: string;
  path: string;
}

export interface ProbeTargets {
  contactEmail: string;
  noteId: string;
  connectionId: string;
  /** The form token of the browser's own dashboard. */
  csrf: string;
  /** A valid settings form needs one of the sender's own addresses. */
  ownerEmail: string;
  /** A message in someone's outbox; by default one named after the connection (so the path names their thing). */
  mailId?: string;
  /** A proposal (base32hex id); by default one nobody has. */
  proposalId?: string;
}

/**
 * The address the add-a-calendar probe posts: a documentation address, refused by the feed
 * guard without a DNS lookup. A test that wants the probe to succeed connects it first (the
 * route then only syncs it).
 */
export const PROBE_CALENDAR_ADDRESS = 'https://192.0.2.1/probe.ics';
const PROBE_CALENDAR = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Rapport probes//EN\r\nEND:VCALENDAR\r\n';

export function routeKeyOf(route: Pick<Route<unknown>, 'method' | 'path'>): string {
  return `${route.method} ${route.path.source}`;
}

export function probesFor(t: ProbeTargets): Map<string, RouteProbe> {
  const contact = `/app/contacts/${encodeURIComponent(t.contactEmail)}`;
  const apiContact = `/api/contacts/${encodeURIComponent(t.contactEmail)}`;
  const note = encodeURIComponent(t.noteId);
  const form = (fields: Record<string, string> = {}) => ({ form: { csrf: t.csrf, ...fields } });
  const coffee = DEFAULT_COFFEE_SETTINGS;
  const settingsForm = form({
    timeZone: 'Europe/Paris',
    ownerEmails: t.ownerEmail,
    windows: 'wed 09:00-10:00',
    location: 'The corner café',
    ...Object.fromEntries(Object.entries(coffee).filter(([, v]) => typeof v === 'number').map(([k, v]) => [k, String(v)])),
  });
  const probes: [string, RouteProbe][] = [
    ['GET ^\\/$', { method: 'GET', path: '/' }],
    ['GET ^\\/app\\/?$', { method: 'GET', path: '/app' }],
    ['POST ^\\/app\\/contacts\\/([^/]+)$', { method: 'POST', path: contact, ...form({ action: 'set-tier', tier: 'close' }) }],
    ['POST ^\\/app\\/sync$', { method: 'POST', path: '/app/sync', ...form() }],
    ['POST ^\\/app\\/feed\\/renew$', { method: 'POST', path: '/app/feed/renew', ...form() }],
    ['GET ^\\/app\\/settings$', { method: 'GET', path: '/app/settings' }],
    ['POST ^\\/app\\/settings$', { method: 'POST', path: '/app/settings', ...settingsForm }],
    ['POST ^\\/app\\/propose$', { method: 'POST', path: '/app/propose', ...form() }],
    // A proposal id is only ever looked up in the sender's own partition: another user's is unknown here.
    ['POST ^\\/app\\/proposals\\/([0-9a-v]{1,64})\\/send-link$', { method: 'POST', path: `/app/proposals/${t.proposalId ?? '0'.repeat(32)}/send-link`, ...form({ message: 'hi' }) }],
    ['GET ^\\/app\\/review$', { method: 'GET', path: '/app/review' }],
    ['POST ^\\/api\\/propose$', { method: 'POST', path: '/api/propose', json: {} }],
    ['GET ^\\/api\\/review$', { method: 'GET', path: '/api/review' }],
    ['GET ^\\/app\\/contacts\\/([^/]+)$', { method: 'GET', path: contact }],
    ['POST ^\\/app\\/contacts\\/([^/]+)\\/notes$', { method: 'POST', path: `${contact}/notes`, ...form({ text: 'written by someone else' }) }],
    ['POST ^\\/app\\/contacts\\/([^/]+)\\/notes\\/([^/]+)$', { method: 'POST', path: `${contact}/notes/${note}`, ...form({ action: 'edit', text: 'overwritten' }) }],
    ['POST ^\\/app\\/contacts\\/([^/]+)\\/intros$', { method: 'POST', path: `${contact}/intros`, ...form({ kind: 'helped', text: 'logged by someone else' }) }],
    ['POST ^\\/app\\/contacts\\/([^/]+)\\/delete$', { method: 'POST', path: `${contact}/delete`, ...form() }],
    ['POST ^\\/app\\/follow-ups\\/([^/]+)$', { method: 'POST', path: `/app/follow-ups/${encodeURIComponent(t.contactEmail)}`, ...form({ action: 'done' }) }],
    ['GET ^\\/api\\/contacts\\/([^/]+)\\/notes$', { method: 'GET', path: `${apiContact}/notes` }],
    ['POST ^\\/api\\/contacts\\/([^/]+)\\/notes$', { method: 'POST', path: `${apiContact}/notes`, json: { text: 'written by someone else' } }],
    ['PATCH ^\\/api\\/contacts\\/([^/]+)\\/notes\\/([^/]+)$', { method: 'PATCH', path: `${apiContact}/notes/${note}`, json: { text: 'overwritten' } }],
    ['DELETE ^\\/api\\/contacts\\/([^/]+)\\/notes\\/([^/]+)$', { method: 'DELETE', path: `${apiContact}/notes/${note}` }],
    ['GET ^\\/api\\/contacts\\/([^/]+)\\/intros$', { method: 'GET', path: `${apiContact}/intros` }],
    ['POST ^\\/api\\/contacts\\/([^/]+)\\/intros$', { method: 'POST', path: `${apiContact}/intros`, json: { kind: 'helped', text: 'logged by someone else' } }],
    ['DELETE ^\\/api\\/contacts\\/([^/]+)$', { method: 'DELETE', path: apiContact }],
    ['GET ^\\/api\\/follow-ups$', { method: 'GET', path: '/api/follow-ups' }],
    ['POST ^\\/api\\/follow-ups\\/([^/]+)$', { method: 'POST', path: `/api/follow-ups/${encodeURIComponent(t.contactEmail)}`, json: { action: 'done' } }],
    ['GET ^\\/api\\/export$', { method: 'GET', path: '/api/export' }],
    ['POST ^\\/app\\/connections\\/([^/]+)\\/calendars$', { method: 'POST', path: `/app/connections/${encodeURIComponent(t.connectionId)}/calendars`, form: [['csrf', t.csrf], ['count', t.connectionId]] }],
    ['POST ^\\/app\\/calendars\\/address$', { method: 'POST', path: '/app/calendars/address', ...form({ url: PROBE_CALENDAR_ADDRESS }) }],
    ['POST ^\\/app\\/calendars\\/upload$', { method: 'POST', path: '/app/calendars/upload', multipart: { fields: { csrf: t.csrf }, file: { field: 'file', name: 'probe.ics', text: PROBE_CALENDAR } } }],
    ['GET ^\\/api\\/contacts$', { method: 'GET', path: '/api/contacts' }],
    ['PATCH ^\\/api\\/contacts\\/([^/]+)$', { method: 'PATCH', path: apiContact, json: { tier: 'close', ignored: true } }],
    ['GET ^\\/api\\/due$', { method: 'GET', path: '/api/due' }],
    ['GET ^\\/api\\/meetings$', { method: 'GET', path: '/api/meetings' }],
    ['GET ^\\/app\\/outbox\\/?$', { method: 'GET', path: '/app/outbox' }],
    ['GET ^\\/app\\/outbox\\/([^/]+)\\.eml$', { method: 'GET', path: `/app/outbox/${encodeURIComponent(t.mailId ?? `alert.${t.connectionId}.0`)}.eml` }],
  ];
  return new Map(probes);
}
