import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../lib/runtime/config.js';
import { parseMailbox } from '../../lib/runtime/mail-config.js';
import { createLogger } from '../../lib/runtime/log.js';

describe('mail configuration', () => {
  it('without RAPPORT_SMTP_URL or an SES identity nothing sends', () => {
    const { mail } = parseConfig({});
    expect(mail.smtp).toBeUndefined();
    expect(mail.ses).toBeUndefined();
  });

  it('reads an SMTP URL: STARTTLS required off this machine, the login as the default sender', () => {
    const { mail } = parseConfig({ RAPPORT_SMTP_URL: 'smtp://alex%40example.com:p%40ss:word@smtp.example.com:587' });
    expect(mail.smtp).toEqual({ host: 'smtp.example.com', port: 587, secure: false, requireTls: true, user: 'alex@example.com', password: 'p@ss:word' });
    expect(mail.from).toEqual({ email: 'alex@example.com', name: 'Rapport' });
    expect(parseConfig({ RAPPORT_SMTP_URL: 'smtps://u:p@mail.example.com' }).mail.smtp).toMatchObject({ secure: true, port: 465, requireTls: false });
    expect(parseConfig({ RAPPORT_SMTP_URL: 'smtp://127.0.0.1:2525' }).mail.smtp).toMatchObject({ requireTls: false, port: 2525 });
  });

  it('a bad SMTP URL is refused without echoing it (it may hold a password)', () => {
    const attempt = () => parseConfig({ RAPPORT_SMTP_URL: 'http://u:hunter2@x' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/RAPPORT_SMTP_URL/);
    expect(attempt).not.toThrow(/hunter2/);
  });

  it('the password never reaches a log line, even if the whole configuration is logged', () => {
    const lines: string[] = [];
    const config = parseConfig({ RAPPORT_SMTP_URL: 'smtp://u:hunter2@smtp.example.com' });
    createLogger({ write: (line) => lines.push(line) }).info('config', { config });
    expect(lines.join('\n')).not.toContain('hunter2');
  });

  it('RAPPORT_MAIL_FROM takes "Name <address>" or an address; the cloud sends from the SES identity in its configuration set', () => {
    expect(parseMailbox('Alex Doe <Alex@Example.com>')).toEqual({ email: 'alex@example.com', name: 'Alex Doe' });
    expect(parseMailbox('alex@example.com')).toEqual({ email: 'alex@example.com' });
    expect(parseMailbox('Alex <bcc:x@y.z>')).toBeNull();
    expect(() => parseConfig({ RAPPORT_MAIL_FROM: 'not an address' })).toThrow(ConfigError);
    const { mail } = parseConfig({ RAPPORT_SES_FROM: 'Rapport <coffee@rapport.example>', RAPPORT_SES_CONFIGURATION_SET: 'RapportMail-1' });
    expect(mail).toEqual({ from: { email: 'coffee@rapport.example', name: 'Rapport' }, ses: { configurationSet: 'RapportMail-1' } });
  });
});
