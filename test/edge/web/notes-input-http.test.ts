import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app-server.js';
import { jane } from './people.js';

/** A note's input from outside: only what the API knows, only text, only meetings that happened with the contact. */
describe('adding a note through the API', () => {
  let app: TestApp;
  const post = (body: unknown) =>
    fetch(`${app.url}/api/contacts/${encodeURIComponent(jane.email)}/notes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    app = await startTestApp({ now: '2026-11-23T12:00:00.000Z', contacts: [jane] });
  });
  afterAll(() => app?.close());

  it('refuses a meeting reference that is not one of the meetings with this contact', async () => {
    const response = await post({ text: 'About that', meetingKey: '../../x' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: expect.stringContaining('not one of your meetings with this contact') });
  });

  it('refuses fields it does not know, and control characters such as NUL', async () => {
    const unknown = await post({ text: 'Hi', owner: 'eve@example.com' });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual({ error: expect.stringMatching(/owner/) });
    const nul = await post({ text: 'Hi\u0000there' });
    expect(nul.status).toBe(400);
    expect(await nul.json()).toEqual({ error: 'text: A note cannot contain control characters.' });
    expect(await app.runtime.store.notes.listFor(app.userId, jane.email)).toEqual([]);
  });

  it('takes a plain note, line breaks included', async () => {
    const response = await post({ text: 'Two lines\nof note' });
    expect(response.status).toBe(201);
    expect((await app.runtime.store.notes.listFor(app.userId, jane.email)).map((n) => n.text)).toEqual(['Two lines\nof note']);
  });
});
