import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Contact } from '../../../lib/core/domain/contact.js';
import { JANE, openDashboard, postForm, startTestApp, type TestApp } from '../../support/app-server.js';

const NOW = '2026-11-23T12:00:00.000Z';

const jane = JANE;
const omar: Contact = {
  email: 'omar@example.com',
  name: 'Omar',
  tier: 'close',
  firstMetAt: '2026-11-20T09:00:00.000Z',
  lastMetAt: '2026-11-20T09:00:00.000Z',
  nextDueAt: '2026-12-20T09:00:00.000Z',
  ignored: false,
};

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ now: NOW, contacts: [jane, omar] });
});
afterAll(async () => app.close());

const contactUrl = (email: string) => `${app.url}/app/contacts/${encodeURIComponent(email)}`;
const stored = (email: string) => app.runtime.store.contacts.get(app.userId, email);

describe('dashboard over HTTP', () => {
  it('shows due contacts and escapes names from calendars', async () => {
    const { html } = await openDashboard(app.url);
    expect(html).toContain('Jane &lt;b&gt;Doe&lt;/b&gt;');
    expect(html).not.toContain('<b>Doe</b>');
    expect(html).toMatch(/id="due"[\s\S]*jane@example.com/);
  });

  it('changes a tier through the form and recomputes when the contact is due', async () => {
    const { cookie, token } = await openDashboard(app.url);
    const response = await postForm(contactUrl('omar@example.com'), { csrf: token, action: 'set-tier', tier: 'acquaintance' }, cookie);
    expect(response.status).toBe(303);
    const omarNow = await stored('omar@example.com');
    expect(omarNow?.tier).toBe('acquaintance');
    expect(omarNow?.nextDueAt).toBe('2027-05-19T09:00:00.000Z');
  });

  it('rejects a form without a valid CSRF token and writes nothing', async () => {
    const { cookie } = await openDashboard(app.url);
    const before = await stored('jane@example.com');
    const forged = await postForm(contactUrl('jane@example.com'), { csrf: 'forged', action: 'ignore' }, cookie);
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain('Reload the page');
    const noCookie = await postForm(contactUrl('jane@example.com'), { action: 'ignore' });
    expect(noCookie.status).toBe(403);
    expect(await stored('jane@example.com')).toEqual(before);
  });

  it.each([
    [{ action: 'set-tier', tier: 'best-friend' }, 'Choose a tier'],
    [{ action: 'set-cadence', cadenceDays: '-3' }, 'at least 1 day'],
    [{ action: 'set-cadence', cadenceDays: 'soon' }, 'whole number'],
    [{ action: 'snooze', until: '2026-02-30' }, 'not a real calendar date'],
    [{ action: 'snooze', until: '2026-11-01' }, 'after today'],
    [{ action: 'launch' }, 'Unknown action'],
  ])('answers bad input %j with a 400 page naming the problem, and writes nothing', async (fields, message) => {
    const { cookie, token } = await openDashboard(app.url);
    const before = await stored('jane@example.com');
    const response = await postForm(contactUrl('jane@example.com'), { csrf: token, ...fields }, cookie);
    expect(response.status).toBe(400);
    const body = await response.text();
    expect(body).toContain(message);
    expect(body).not.toMatch(/at \w+ \(|node_modules|Error:/);
    expect(await stored('jane@example.com')).toEqual(before);
  });

  it('answers an unknown contact with 404 and creates nothing', async () => {
    const { cookie, token } = await openDashboard(app.url);
    const response = await postForm(contactUrl('nobody@example.com'), { csrf: token, action: 'ignore' }, cookie);
    expect(response.status).toBe(404);
    expect(await stored('nobody@example.com')).toBeNull();
  });

  it('snoozes until the start of a local date in the user zone, then lists the contact as not due', async () => {
    const { cookie, token } = await openDashboard(app.url);
    const response = await postForm(contactUrl('jane@example.com'), { csrf: token, action: 'snooze', until: '2027-07-01' }, cookie);
    expect(response.status).toBe(303);
    // Europe/London is on BST in July: local midnight is 23:00 UTC the day before.
    expect((await stored('jane@example.com'))?.snoozedUntil).toBe('2027-06-30T23:00:00.000Z');
    const due = (await (await fetch(`${app.url}/api/due`)).json()) as { due: { email: string }[] };
    expect(due.due.map((c: { email: string }) => c.email)).not.toContain('jane@example.com');
  });
});

describe('JSON API', () => {
  it('lists contacts with derived cadence and due dates', async () => {
    const body = (await (await fetch(`${app.url}/api/contacts`)).json()) as { contacts: { email: string }[] };
    const omarJson = body.contacts.find((c: { email: string }) => c.email === 'omar@example.com');
    expect(omarJson).toMatchObject({ name: 'Omar', cadenceDays: expect.any(Number) });
  });

  it('changes a contact with PATCH and refuses malformed or non-JSON bodies with a message', async () => {
    const patch = (body: string, type = 'application/json') =>
      fetch(`${app.url}/api/contacts/omar%40example.com`, { method: 'PATCH', headers: { 'content-type': type }, body });
    const ok = await patch(JSON.stringify({ cadenceDays: 14 }));
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { contact: { cadenceDays: number } }).contact.cadenceDays).toBe(14);

    const before = await stored('omar@example.com');
    const malformed = await patch('{"cadenceDays": ');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({ error: 'The request body is not valid JSON.' });
    const unknownField = await patch(JSON.stringify({ tier: 'close', score: 10 }));
    expect(unknownField.status).toBe(400);
    const asForm = await patch('cadenceDays=3', 'application/x-www-form-urlencoded');
    expect(asForm.status).toBe(415);
    const huge = await patch(JSON.stringify({ tier: 'close', pad: 'x'.repeat(40_000) }));
    expect(huge.status).toBe(413);
    expect(await stored('omar@example.com')).toEqual(before);
  });

  it('answers unknown paths with JSON 404 and wrong methods with 405', async () => {
    expect((await fetch(`${app.url}/api/nothing`)).status).toBe(404);
    expect((await fetch(`${app.url}/api/contacts`, { method: 'DELETE' })).status).toBe(405);
  });

  it('reports health without touching the store', async () => {
    const response = await fetch(`${app.url}/healthz`);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});
