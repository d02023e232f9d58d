import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Contact } from '../../../lib/core/domain/contact.js';
import { startTestApp, type TestApp } from '../../support/app-server.js';
import { jane } from './people.js';

/**
 * The contact list's search and filters over HTTP, as a browser without JavaScript sends them
 * (a GET form): the list narrows, the form shows what it was sent, and values that cannot be
 * used are named on the page while the rest still applies.
 */

const NOW = '2026-11-23T12:00:00.000Z';

const ines: Contact = {
  email: 'ines@lisbon-founders.example',
  name: 'Inês Carvalho',
  tier: null,
  firstMetAt: '2026-11-22T18:00:00.000Z',
  nextDueAt: null,
  ignored: false,
};
const omar: Contact = {
  email: 'omar@example.com',
  name: 'Omar',
  tier: 'close',
  firstMetAt: '2026-03-20T09:00:00.000Z',
  lastMetAt: '2026-11-20T09:00:00.000Z',
  nextDueAt: '2026-12-20T09:00:00.000Z',
  ignored: false,
};

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ now: NOW, contacts: [jane, omar, ines] });
});
afterAll(async () => app.close());

async function dashboard(query: string): Promise<{ status: number; html: string; listed: string[] }> {
  const response = await fetch(`${app.url}/app?${query}`);
  const html = await response.text();
  const listed = [...html.matchAll(/<tr data-email="([^"]+)"/g)].map((m) => m[1]!);
  return { status: response.status, html, listed };
}

describe('searching and filtering the contact list', () => {
  it('without a query lists everyone, with an empty form', async () => {
    const { listed, html } = await dashboard('');
    expect(listed).toEqual(['ines@lisbon-founders.example', 'jane@example.com', 'omar@example.com']);
    expect(html).toContain('<h2 id="contacts">Contacts (3)</h2>');
    expect(html).toContain('name="q" type="search" maxlength="100" value=""');
    expect(html).not.toContain('id="filter-note"');
  });

  it('finds a person by name without accents or by address, and says how many of all are shown', async () => {
    expect((await dashboard('q=ines')).listed).toEqual(['ines@lisbon-founders.example']);
    const byAddress = await dashboard('q=example.com');
    expect(byAddress.listed).toEqual(['jane@example.com', 'omar@example.com']);
    expect(byAddress.html).toContain('Contacts (2 of 3)');
  });

  it('filters by due, tier and new, and the form keeps what was asked', async () => {
    const due = await dashboard('q=&tier=&due=1');
    expect(due.listed).toEqual(['jane@example.com']);
    expect(due.html).toMatch(/name="due" value="1" checked/);
    expect(due.html).not.toMatch(/name="new" value="1" checked/);

    const untiered = await dashboard('tier=none&new=1');
    expect(untiered.listed).toEqual(['ines@lisbon-founders.example']);
    expect(untiered.html).toContain('<option value="none" selected>no tier</option>');
    expect(untiered.html).toMatch(/name="new" value="1" checked/);

    const close = await dashboard('q=omar&tier=close');
    expect(close.listed).toEqual(['omar@example.com']);
    expect(close.html).toContain('value="omar"');
    expect(close.html).toContain('<option value="close" selected>close</option>');
  });

  it('says so when nothing matches, and the other sections still show everything', async () => {
    const { listed, html } = await dashboard('q=nobody-at-all');
    expect(listed).toEqual([]);
    expect(html).toContain('No contact matches this search and these filters.');
    expect(html).toContain('data-due-email="jane@example.com"');
  });

  it('ignores values it cannot use, names each on the page (escaped), and applies the rest', async () => {
    const { status, html, listed } = await dashboard(`q=omar&tier=${encodeURIComponent('<b>best</b>')}&due=yes&new=1,1`);
    expect(status).toBe(200);
    expect(listed).toEqual(['omar@example.com']);
    expect(html).toContain('id="filter-note"');
    expect(html).toContain('The tier “&lt;b&gt;best&lt;/b&gt;” was ignored: choose close, keep-warm, acquaintance or “no tier”.');
    expect(html).not.toContain('<b>best</b>');
    expect(html).toContain('The filter due=“yes” was ignored');
    expect(html).toContain('The filter new=“1,1” was ignored');
    // The form shows what is applied, not what was ignored.
    expect(html).toContain('<option value="" selected>any tier</option>');
    expect(html).not.toMatch(/name="due" value="1" checked/);
  });

  it('ignores a search longer than 100 characters, and says so', async () => {
    const { html, listed } = await dashboard(`q=${'a'.repeat(101)}`);
    expect(listed).toHaveLength(3);
    expect(html).toContain('The search was ignored: it is longer than 100 characters.');
  });
});
