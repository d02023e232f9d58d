import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { buildMime } from '../../../lib/adapters/mail/mime.js';
import type { MailMessage } from '../../../lib/core/domain/mail.js';

/** The MIME every transport sends, read back with mailparser. */

const FROM = { email: 'rapport@northwind.example', name: 'Rapport' };
const OPTIONS = { messageId: 'digest.2027-W09.abc@northwind.example', date: '2027-03-01T08:00:00.000Z' };

function aDigest(overrides: Partial<MailMessage> = {}): MailMessage {
  return { id: 'digest.2027-W09', kind: 'digest', to: { email: 'alex@example.com', name: 'Alex' }, subject: 'Your week', text: 'Hello', html: '<p>Hello</p>', ...overrides };
}

describe('building the message', () => {
  it('CRLF and Bcc: in a name or a subject stay text on one line: no new header, no new recipient', async () => {
    const raw = await buildMime(aDigest({ to: { email: 'eve@example.com', name: 'Eve\r\nBcc: mallory@evil.example' }, subject: 'Hi\r\nBcc: mallory@evil.example\nX-Evil: 1' }), FROM, OPTIONS);
    const text = raw.toString('utf8');
    expect(text).not.toMatch(/^Bcc:/im);
    expect(text).not.toMatch(/^X-Evil:/im);
    const parsed = await simpleParser(raw);
    expect(parsed.bcc).toBeUndefined();
    expect(parsed.subject).toBe('Hi Bcc: mallory@evil.example X-Evil: 1');
    expect(parsed.to && 'value' in parsed.to ? parsed.to.value : []).toEqual([{ address: 'eve@example.com', name: 'Eve Bcc: mallory@evil.example' }]);
  });

  it('non-ASCII and right-to-left names and subjects are RFC 2047-encoded and read back intact', async () => {
    const raw = await buildMime(aDigest({ to: { email: 'noa@example.com', name: 'נועה Łukasz' }, subject: 'Café ☕ with נועה' }), FROM, OPTIONS);
    expect(raw.toString('utf8')).toMatch(/^Subject: =\?UTF-8\?/m);
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe('Café ☕ with נועה');
    expect(parsed.to && 'value' in parsed.to ? parsed.to.value[0]?.name : undefined).toBe('נועה Łukasz');
  });

  it('one-click unsubscribe headers when the message has a link; the Message-ID and Date are the given ones', async () => {
    const raw = await buildMime(aDigest({ unsubscribeUrl: 'https://rapport.example/unsubscribe/abc?x=1' }), FROM, OPTIONS);
    const parsed = await simpleParser(raw);
    expect(raw.toString('utf8')).toMatch(/^List-Unsubscribe: <https:\/\/rapport\.example\/unsubscribe\/abc\?x=1>$/m);
    expect(raw.toString('utf8')).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
    expect(parsed.messageId).toBe(`<${OPTIONS.messageId}>`);
    expect(parsed.date?.toISOString()).toBe(OPTIONS.date);
    const without = await buildMime(aDigest(), FROM, OPTIONS);
    expect(without.toString('utf8')).not.toMatch(/List-Unsubscribe/i);
  });
});
