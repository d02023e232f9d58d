import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSesTransport, USER_TAG } from '../../../lib/adapters/mail/ses.js';
import type { MailMessage } from '../../../lib/core/domain/mail.js';
import { MailTransportError } from '../../../lib/core/ports/mail.js';
import { startSesFake, type SesFake } from '../../../lib/local/ses-fake/server.js';

/** The SES transport through the real @aws-sdk/client-sesv2, against the local SES v2 wire-format server. */

let ses: SesFake;
beforeAll(async () => {
  ses = await startSesFake();
});
afterAll(() => ses.close());

const FROM = { email: 'coffee@rapport.example', name: 'Rapport' };
const MESSAGE: MailMessage = {
  id: 'invite.abc.0.REQUEST',
  kind: 'invitation',
  to: { email: 'jane@example.com', name: 'Jane Dœ' },
  subject: 'Invitation: Coffee',
  text: 'Hello',
  html: '<p>Hello</p>',
  calendar: { method: 'REQUEST', ics: 'BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n' },
};

describe('the SES transport', () => {
  it('sends the nodemailer MIME as Content.Raw to the one recipient, in the configuration set, tagged with the user', async () => {
    const transport = createSesTransport({ region: 'eu-west-1', configurationSet: 'rapport-mail', endpoint: ses.url });
    const result = await transport.send(MESSAGE, FROM, { messageId: 'invite.abc.0.REQUEST.u1@rapport.example', userId: 'user-1', date: '2027-03-01T08:00:00.000Z' });
    const [sent] = ses.sent;
    expect(result.messageId).toBe(sent!.messageId);
    expect(sent).toMatchObject({ from: 'coffee@rapport.example', to: ['jane@example.com'], configurationSet: 'rapport-mail', tags: { [USER_TAG]: 'user-1' } });
    const parsed = await simpleParser(sent!.raw);
    expect(parsed.messageId).toBe('<invite.abc.0.REQUEST.u1@rapport.example>');
    expect(parsed.to && 'value' in parsed.to ? parsed.to.value[0] : undefined).toEqual({ address: 'jane@example.com', name: 'Jane Dœ' });
    expect(sent!.raw).toMatch(/text\/calendar; charset=utf-8; method=REQUEST/);
  });

  it('throttling is worth a retry; a rejected message is not', async () => {
    const transport = createSesTransport({ region: 'eu-west-1', endpoint: ses.url });
    ses.failNext(429, 'TooManyRequestsException', 'Maximum sending rate exceeded.', 2);
    const throttled = await transport.send(MESSAGE, FROM).catch((e: unknown) => e);
    expect(throttled).toBeInstanceOf(MailTransportError);
    expect(throttled).toMatchObject({ permanent: false });
    ses.failNext(400, 'MessageRejected', 'Email address is not verified.');
    const rejected = await transport.send(MESSAGE, FROM).catch((e: unknown) => e);
    expect(rejected).toMatchObject({ permanent: true });
    expect((rejected as Error).message).toContain('MessageRejected');
  });
});
