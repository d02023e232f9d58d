import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Contact } from '../../../lib/core/domain/contact.js';
import type { Intro } from '../../../lib/core/domain/introductions.js';
import type { Note } from '../../../lib/core/domain/notes.js';
import { HTTP_ROUTES, type FunctionName } from '../../../lib/edge/http/routes.js';
import { APP_ROUTES } from '../../../lib/edge/web/app-routes.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { icsConnectionId } from '../../../lib/services/connect-ics.js';
import { PROBE_CALENDAR_ADDRESS, probesFor, routeKeyOf, type RouteProbe } from '../../support/app-route-probes.js';
import { signInWithGoogle, startCloudApp, throughMicrosoft, type CloudApp, type TestBrowser } from '../../support/cloud-app.js';
import { aProposal } from '../../adapters/store/proposal-fixtures.js';

/**
 * The promise of the cloud dashboard: a signed-in user only ever touches their own partition.
 * Ann (Google) and Bea (Microsoft) sign in; Bea has contacts, notes, a log entry, a proposal
 * and a second calendar account. With Ann's session and Ann's own CSRF token, every route of
 * the dashboard function (read from its route table, so a new route cannot slip by) is aimed
 * at Bea's identifiers: Ann sees none of Bea's data, and afterwards every item outside Ann's
 * partition, Bea's included, is exactly as it was in DynamoDB.
 */

const NOW = '2026-11-23T12:00:00.000Z';
const ANN = 'ann@northwind.example';
const BEA = 'bea@fabrikam.example';
const FRIEND = 'beatrix.friend@tailspin.example';
const NEWCOMER = 'newcomer@tailspin.example';

/** Strings only Bea's data holds: none may appear in anything Ann is sent. */
const BEA_SECRETS = ['Beatrix Hidden-Friend', 'Newt Hidden-Newcomer', 'B-PRIVATE-NOTE', 'B-PRIVATE-INTRO', 'bproposal0001', BEA, 'bea-second@fabrikam.example'];

let cloud: CloudApp;
let ann: TestBrowser;
let bea: TestBrowser;
let annId: string;
let beaId: string;
let beaNote: Note;
const BEA_GOOGLE_CONNECTION = 'google-b0b0b0b0b0b0';

beforeAll(async () => {
  // Ann's probe uploads a calendar: it is kept under a folder of this test's own.
  process.env.RAPPORT_DATA_DIR = mkdtempSync(join(tmpdir(), 'rapport-isolation-'));
  cloud = await startCloudApp({ now: NOW, googleAccounts: [ANN] });
  ann = cloud.browser();
  bea = cloud.browser();
  expect((await signInWithGoogle(ann, ANN)).status).toBe(303);
  expect((await throughMicrosoft(cloud, bea, BEA, '/oauth/microsoft/start?signin')).status).toBe(303);
  annId = cloud.sessionOf(ann)!.userId;
  beaId = cloud.sessionOf(bea)!.userId;
  expect(annId).not.toBe(beaId);

  const { store } = cloud.app.runtime;
  const contacts: Contact[] = [
    { email: FRIEND, name: 'Beatrix Hidden-Friend', tier: 'close', lastMetAt: '2026-09-01T09:00:00.000Z', firstMetAt: '2026-01-10T09:00:00.000Z', nextDueAt: '2026-10-01T09:00:00.000Z', ignored: false },
    { email: NEWCOMER, name: 'Newt Hidden-Newcomer', tier: null, firstMetAt: '2026-11-22T18:00:00.000Z', firstMetAtTitle: 'Meetup', nextDueAt: null, ignored: false },
  ];
  await store.contacts.putMany(beaId, contacts);
  beaNote = { id: '5b3e0c1e-0000-4000-8000-00000000b0b0', contactEmail: FRIEND, text: 'B-PRIVATE-NOTE about Beatrix', createdAt: '2026-11-01T10:00:00.000Z' };
  await store.notes.put(beaId, beaNote);
  // A message in Bea's outbox, under the id the .eml probe aims at.
  await store.mail.record({ userId: beaId, message: { id: `alert.${BEA_GOOGLE_CONNECTION}.0`, kind: 'host-alert', to: { email: BEA }, subject: 'Beatrix Hidden-Friend booked', text: 'B-PRIVATE-NOTE', html: 'B-PRIVATE-NOTE' }, status: 'kept', createdAt: '2026-11-01T10:00:00.000Z', attempts: 0 });
  const intro: Intro = { id: '5b3e0c1e-0000-4000-8000-00000000b1b1', contactEmail: FRIEND, kind: 'helped', text: 'B-PRIVATE-INTRO', at: '2026-11-02T10:00:00.000Z', createdAt: '2026-11-02T10:00:00.000Z' };
  await store.intros.put(beaId, intro);
  await store.meetings.putMany(beaId, [
    { uid: 'b-meeting', instanceKey: 'b-meeting', start: '2026-09-01T09:00:00.000Z', end: '2026-09-01T09:30:00.000Z', with: [FRIEND], names: { [FRIEND]: 'Beatrix Hidden-Friend' }, size: 'small' },
  ]);
  await store.proposals.create(
    beaId,
    aProposal({
      id: BEA_PROPOSAL,
      contactEmail: FRIEND,
      createdAt: '2026-11-22T08:00:00.000Z',
      expiresAt: '2026-11-29T08:00:00.000Z',
      slots: [{ start: '2026-11-25T09:00:00.000Z', end: '2026-11-25T09:30:00.000Z', holdId: 'bhold1' }],
    }),
  );
  await store.connections.create(beaId, {
    id: BEA_GOOGLE_CONNECTION,
    kind: 'google',
    label: 'bea-second@fabrikam.example',
    account: 'bea-second@fabrikam.example',
    cursor: null,
    status: 'ok',
    createdAt: NOW,
    calendars: [{ id: 'bea-second@fabrikam.example', label: 'bea-second@fabrikam.example', counts: true, primary: true }],
  });
  // Ann's own published calendar, which the add-a-calendar probe posts again (then it is only synced).
  await store.connections.create(annId, { id: icsConnectionId(PROBE_CALENDAR_ADDRESS), kind: 'ics', label: 'Ann’s feed', source: PROBE_CALENDAR_ADDRESS, cursor: null, status: 'ok', createdAt: NOW });
});
afterAll(async () => {
  await cloud?.close();
});

/** Everything in the table that is not Ann's: her partition, and the lookups that name her. */
async function notAnns(): Promise<Record<string, unknown>[]> {
  // Ann's own: her partition, her items found by token or id, and her sweep's wake times (`WAKE#<shard>`, `USER#<id>`).
  return (await cloud.scan()).filter((item) => item.pk !== `USER#${annId}` && item.userId !== annId && item.sk !== `USER#${annId}`);
}

async function beasPartition(): Promise<Record<string, unknown>[]> {
  return (await cloud.scan()).filter((item) => item.pk === `USER#${beaId}`);
}

/** Routes that name one of Bea's things (contact, note, connection) in the path. */
const BEA_PROPOSAL = 'bproposal0001';
const namesBeasThing = (probe: RouteProbe) => [FRIEND, NEWCOMER, BEA_GOOGLE_CONNECTION, BEA_PROPOSAL].some((id) => decodeURIComponent(probe.path).includes(id));

describe('one signed-in user cannot reach another', () => {
  it('every function that serves a route is either public (its token is the authority) or decides the user through userIdFor', () => {
    const classified: Record<FunctionName, 'public' | 'user'> = {
      health: 'public',
      book: 'public',
      feed: 'public',
      'google-webhook': 'public',
      'microsoft-webhook': 'public',
      app: 'user',
      'google-oauth': 'user',
      'microsoft-oauth': 'user',
    };
    expect(Object.keys(classified).sort()).toEqual([...new Set(HTTP_ROUTES.map((r) => r.fn))].sort());
  });

  it("with Ann's session, every dashboard and API route aimed at Bea's contacts, notes and calendars shows Ann nothing of Bea's and changes nothing of hers", async () => {
    const { token } = await ann.dashboardToken();
    const probes = probesFor({ contactEmail: FRIEND, noteId: beaNote.id, connectionId: BEA_GOOGLE_CONNECTION, proposalId: BEA_PROPOSAL, csrf: token, ownerEmail: ANN });
    // Every route of the table has a probe, and each probe reaches the route it is filed under.
    expect(APP_ROUTES.map(routeKeyOf).filter((key) => !probes.has(key))).toEqual([]);
    for (const route of APP_ROUTES) {
      const probe = probes.get(routeKeyOf(route))!;
      expect(probe.method === route.method && route.path.test(probe.path), routeKeyOf(route)).toBe(true);
    }
    // The follow-up routes also get Bea's newcomer, who is on her follow-up list.
    const extra: RouteProbe[] = [
      { method: 'POST', path: `/api/follow-ups/${encodeURIComponent(NEWCOMER)}`, json: { action: 'add-to-tier', tier: 'close' } },
      { method: 'POST', path: `/app/follow-ups/${encodeURIComponent(NEWCOMER)}`, form: { csrf: token, action: 'dismiss' } },
      { method: 'GET', path: '/app?signed-in' },
    ];

    const before = await notAnns();
    const beaBefore = await beasPartition();
    expect(beaBefore.length).toBeGreaterThan(6);
    const answers: string[] = [];
    for (const probe of [...probes.values(), ...extra]) {
      const response = await ann.send(probe.method, probe.path, probe);
      const body = await response.text();
      const label = `${probe.method} ${probe.path} → ${response.status}`;
      answers.push(label);
      if (namesBeasThing(probe)) expect(response.status, `${label}: ${body}`).toBe(404);
      else expect([200, 201, 302, 303], `${label}: ${body}`).toContain(response.status);
      for (const secret of BEA_SECRETS) expect(body, label).not.toContain(secret);
      if (!namesBeasThing(probe)) for (const email of [FRIEND, NEWCOMER]) expect(body, label).not.toContain(email);
    }
    expect(answers.length).toBe(APP_ROUTES.length + extra.length);

    expect(await beasPartition()).toEqual(beaBefore);
    expect(await notAnns()).toEqual(before);
    // Ann's own changes did land in her own partition (the settings form, the feed address).
    expect((await cloud.app.runtime.store.profiles.get(annId))).toMatchObject({ timeZone: 'Europe/Paris', feedGeneration: 1 });
  });

  it("Bea's own session reaches the same data through the same routes (the probes aim at real things)", async () => {
    const notes = await bea.get(`/api/contacts/${encodeURIComponent(FRIEND)}/notes`);
    expect(notes.status).toBe(200);
    expect(await notes.text()).toContain('B-PRIVATE-NOTE');
    const page = await bea.get(`/app/contacts/${encodeURIComponent(FRIEND)}`);
    expect(await page.text()).toContain('B-PRIVATE-INTRO');
    const { html } = await bea.dashboardToken();
    expect(html).toContain('Beatrix Hidden-Friend');
    expect(html).toContain('Newt Hidden-Newcomer');
    expect(html).toContain(`action="/app/connections/${BEA_GOOGLE_CONNECTION}/calendars"`);
    expect(await (await bea.get('/api/export')).text()).toContain('B-PRIVATE-NOTE');
  });

  it("Ann's form token does not work in Bea's session", async () => {
    const { token } = await ann.dashboardToken();
    const before = await beasPartition();
    bea.setCookie('rapport_csrf', ann.cookie('rapport_csrf')!);
    const response = await bea.send('POST', `/app/contacts/${encodeURIComponent(FRIEND)}`, { form: { csrf: token, action: 'ignore' } });
    expect(response.status).toBe(403);
    expect(await beasPartition()).toEqual(before);
  });
});
