import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Contact } from '../../../lib/core/domain/contact.js';
import { openDashboard, postForm, startTestApp, type TestApp } from '../../support/app-server.js';
import { jane } from './people.js';

/** Notes, the intro/help log, follow-up triage and export over real HTTP on DynamoDB Local. */

const NOW = '2026-11-23T12:00:00.000Z';

const omar: Contact = { email: 'omar@example.com', name: 'Omar', tier: 'close', firstMetAt: '2026-06-01T09:00:00.000Z', nextDueAt: '2026-07-01T09:00:00.000Z', ignored: false };
/** Met at a networking event on Saturday: no tier yet, a follow-up prompt. */
const nadia: Contact = {
  email: 'nadia@example.com',
  name: 'Nadia & "Co" <i>',
  tier: null,
  firstMetAt: '2026-11-21T18:30:00.000Z',
  firstMetAtTitle: 'London Founders Meetup & <Friends>',
  nextDueAt: null,
  ignored: false,
};
const lee: Contact = { ...nadia, email: 'lee@example.com', name: 'Lee' };

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ now: NOW, contacts: [jane, omar, nadia, lee] });
});
afterAll(async () => app.close());

const url = (path: string) => `${app.url}${path}`;
const json = (method: string, path: string, body?: unknown) =>
  fetch(url(path), { method, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

describe('notes over HTTP', () => {
  it('a note written on the dashboard shows next to the contact in Due and on their page, escaped', async () => {
    const { cookie, token } = await openDashboard(app.url);
    const response = await postForm(url('/app/contacts/jane%40example.com/notes'), { csrf: token, back: 'dashboard', text: 'moved to <Lisbon> & hiring' }, cookie);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/app?saved#contacts');
    const { html } = await openDashboard(app.url);
    const dueRow = /<tr data-due-email="jane@example.com">[\s\S]*?<\/tr>/.exec(html)?.[0] ?? '';
    expect(dueRow).toContain('Note: moved to &lt;Lisbon&gt; &amp; hiring');
    expect(html).not.toContain('<Lisbon>');
    const page = await (await fetch(url('/app/contacts/jane%40example.com'))).text();
    expect(page).toContain('moved to &lt;Lisbon&gt; &amp; hiring');
  });

  it('refuses an empty or too long note with a clear 400, and a forged form with 403, writing nothing', async () => {
    const { cookie, token } = await openDashboard(app.url);
    const before = await app.runtime.store.notes.listFor(app.userId, 'omar@example.com');
    const empty = await postForm(url('/app/contacts/omar%40example.com/notes'), { csrf: token, text: '   ' }, cookie);
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('A note cannot be empty.');
    const long = await json('POST', '/api/contacts/omar%40example.com/notes', { text: 'x'.repeat(1001) });
    expect(long.status).toBe(400);
    expect(await long.json()).toEqual({ error: 'text: A note can be at most 1,000 characters.' });
    const exactly = await json('POST', '/api/contacts/omar%40example.com/notes', { text: 'y'.repeat(1000) });
    expect(exactly.status).toBe(201);
    const forged = await postForm(url('/app/contacts/omar%40example.com/notes'), { csrf: 'forged', text: 'hi' }, cookie);
    expect(forged.status).toBe(403);
    const after = await app.runtime.store.notes.listFor(app.userId, 'omar@example.com');
    expect(after).toHaveLength(before.length + 1);
    const nobody = await json('POST', '/api/contacts/nobody%40example.com/notes', { text: 'hi' });
    expect(nobody.status).toBe(404);
  });

  it('edits and deletes a note through the API', async () => {
    const created = (await (await json('POST', '/api/contacts/omar%40example.com/notes', { text: 'first' })).json()) as { note: { id: string } };
    const edited = await json('PATCH', `/api/contacts/omar%40example.com/notes/${created.note.id}`, { text: 'second' });
    expect(edited.status).toBe(200);
    expect(await edited.json()).toMatchObject({ note: { id: created.note.id, text: 'second', updatedAt: NOW } });
    expect((await json('DELETE', `/api/contacts/omar%40example.com/notes/${created.note.id}`)).status).toBe(200);
    expect((await json('DELETE', `/api/contacts/omar%40example.com/notes/${created.note.id}`)).status).toBe(404);
    const list = (await (await json('GET', '/api/contacts/omar%40example.com/notes')).json()) as { notes: { id: string }[] };
    expect(list.notes.map((n) => n.id)).not.toContain(created.note.id);
  });
});

describe('a note about one meeting', () => {
  it('offers the contact’s recent meetings and shows which one a note is about, escaped', async () => {
    await app.runtime.store.meetings.putMany(app.userId, [
      { instanceKey: 'coffee-omar#2026-11-20T09:00:00.000Z', uid: 'coffee-omar', start: '2026-11-20T09:00:00.000Z', end: '2026-11-20T09:30:00.000Z', title: 'Coffee & <cake>', with: ['omar@example.com'], names: {}, size: 'small' },
      { instanceKey: 'other#2026-11-19T09:00:00.000Z', uid: 'other', start: '2026-11-19T09:00:00.000Z', end: '2026-11-19T09:30:00.000Z', title: 'Not with Omar', with: ['kim@example.com'], names: {}, size: 'small' },
    ]);
    const page = await (await fetch(url('/app/contacts/omar%40example.com'))).text();
    expect(page).toContain('<option value="coffee-omar#2026-11-20T09:00:00.000Z">Fri 20 Nov 2026: Coffee &amp; &lt;cake&gt;</option>');
    expect(page).not.toContain('Not with Omar');
    const { cookie, token } = await openDashboard(app.url);
    const response = await postForm(url('/app/contacts/omar%40example.com/notes'), { csrf: token, text: 'talked about the seed round', meetingKey: 'coffee-omar#2026-11-20T09:00:00.000Z' }, cookie);
    expect(response.headers.get('location')).toBe('/app/contacts/omar%40example.com?saved#timeline');
    const after = await (await fetch(url('/app/contacts/omar%40example.com'))).text();
    expect(after).toMatch(/about <em>Coffee &amp; &lt;cake&gt;<\/em>, Fri 20 Nov 2026<\/div>\s*<p class="note-text">talked about the seed round<\/p>/);
  });
});

describe('intro and help log over HTTP', () => {
  it('logs an intro that shows on both people’s pages as a plain timeline, with no score anywhere', async () => {
    const { cookie, token } = await openDashboard(app.url);
    const response = await postForm(
      url('/app/contacts/jane%40example.com/intros'),
      { csrf: token, kind: 'introduced', otherEmail: 'Omar@Example.com', text: 'Introduced Jane to Omar <about hiring>', date: '2026-11-20' },
      cookie,
    );
    expect(response.status).toBe(303);
    for (const who of ['jane%40example.com', 'omar%40example.com']) {
      const page = await (await fetch(url(`/app/contacts/${who}`))).text();
      expect(page).toContain('Introduced Jane to Omar &lt;about hiring&gt;');
      const main = /<main[\s\S]*<\/main>/.exec(page)?.[0] ?? '';
      expect(main).toContain('Introduced');
      expect(main).not.toMatch(/\b(score|ratio|balance|owes?|owed|credit|debt)\b/i);
    }
    const api = (await (await json('GET', '/api/contacts/omar%40example.com/intros')).json()) as { intros: Record<string, unknown>[] };
    expect(api.intros).toEqual([
      {
        id: expect.any(String),
        contactEmail: 'jane@example.com',
        kind: 'introduced',
        otherEmail: 'omar@example.com',
        text: 'Introduced Jane to Omar <about hiring>',
        at: '2026-11-20T00:00:00.000Z',
        createdAt: NOW,
      },
    ]);
  });

  it('refuses an unknown kind, a long text and a future date with 400s', async () => {
    const bad = await json('POST', '/api/contacts/jane%40example.com/intros', { kind: 'owes-me', text: 'x' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain('Choose what happened');
    const long = await json('POST', '/api/contacts/jane%40example.com/intros', { kind: 'helped', text: 'x'.repeat(501) });
    expect(await long.json()).toEqual({ error: 'text: An entry can be at most 500 characters.' });
    const future = await json('POST', '/api/contacts/jane%40example.com/intros', { kind: 'helped', text: 'x', date: '2026-12-01' });
    expect(await future.json()).toEqual({ error: 'The date of an entry cannot be in the future.' });
  });
});

describe('follow-ups over HTTP', () => {
  it('lists people from the event with a mailto draft naming the event, encoded and escaped', async () => {
    const { html } = await openDashboard(app.url);
    expect(html).toContain('Good to meet you at London Founders Meetup &amp; &lt;Friends&gt;');
    expect(html).not.toContain('<Friends>');
    expect(html).toContain('href="mailto:nadia@example.com?subject=Good%20to%20meet%20you%20at%20London%20Founders%20Meetup%20%26%20%3CFriends%3E&amp;body=Hi%20Nadia%2C');
    const api = (await (await json('GET', '/api/follow-ups')).json()) as { followUps: { email: string; mailto: string; draft: { subject: string } }[] };
    const entry = api.followUps.find((f) => f.email === 'nadia@example.com')!;
    expect(entry.draft.subject).toBe('Good to meet you at London Founders Meetup & <Friends>');
    const parsed = new URL(entry.mailto);
    expect(parsed.searchParams.get('subject')).toBe(entry.draft.subject);
    expect([...parsed.searchParams.keys()]).toEqual(['subject', 'body']);
  });

  it('adds one person to a tier and dismisses another, one step each', async () => {
    const { cookie, token } = await openDashboard(app.url);
    const add = await postForm(url('/app/follow-ups/nadia%40example.com'), { csrf: token, action: 'add-to-tier', tier: 'acquaintance' }, cookie);
    expect(add.status).toBe(303);
    expect(await app.runtime.store.contacts.get(app.userId, 'nadia@example.com')).toMatchObject({
      tier: 'acquaintance',
      followUpDoneAt: NOW,
      nextDueAt: '2027-05-20T18:30:00.000Z',
    });
    const dismiss = await json('POST', '/api/follow-ups/lee%40example.com', { action: 'dismiss' });
    expect(dismiss.status).toBe(200);
    expect(await app.runtime.store.contacts.get(app.userId, 'lee@example.com')).toMatchObject({ tier: null, followUpDoneAt: NOW, nextDueAt: null });
    const api = (await (await json('GET', '/api/follow-ups')).json()) as { followUps: unknown[] };
    expect(api.followUps).toEqual([]);
    const bad = await json('POST', '/api/follow-ups/lee%40example.com', { action: 'add-to-tier', tier: 'vip' });
    expect(bad.status).toBe(400);
  });
});

describe('export and delete over HTTP', () => {
  it('exports settings, contacts and notes without tokens, and deleting a contact takes its notes along', async () => {
    const response = await fetch(url('/api/export'));
    expect(response.status).toBe(200);
    const data = (await response.json()) as { contacts: { email: string }[]; notes: { contactEmail: string }[]; settings: unknown };
    expect(data.contacts.map((c) => c.email)).toEqual(['jane@example.com', 'lee@example.com', 'nadia@example.com', 'omar@example.com']);
    expect(data.notes.some((n) => n.contactEmail === 'jane@example.com')).toBe(true);
    expect(JSON.stringify(data)).not.toMatch(/token|secret|credential|refresh/i);

    expect((await json('DELETE', '/api/contacts/jane%40example.com')).status).toBe(200);
    expect(await app.runtime.store.notes.listFor(app.userId, 'jane@example.com')).toEqual([]);
    expect((await app.runtime.store.intros.list(app.userId)).filter((i) => i.contactEmail === 'jane@example.com' || i.otherEmail === 'jane@example.com')).toEqual([]);
    expect((await fetch(url('/app/contacts/jane%40example.com'))).status).toBe(404);
  });
});
