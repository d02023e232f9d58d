import { randomBytes } from 'node:crypto';
import type { ConfigOverrides } from '../../runtime/config.js';
import { startFakeGoogle, type FakeGoogleServer } from './server.js';

/**
 * `RAPPORT_GOOGLE_FAKE=1 npm start`: the local Google fake in the same process, configured as
 * if it were Google, so a person can click "Connect Google Calendar" locally and see holds
 * land on a calendar. Its account has a few meetings around `now` to sync.
 */

export const LOCAL_GOOGLE_ACCOUNT = 'you@example.com';

export interface LocalGoogleFake {
  fake: FakeGoogleServer;
  /** Configuration that points Rapport's Google client at the fake. */
  config: Required<Pick<ConfigOverrides, 'google'>>;
}

export async function startLocalGoogleFake(now: () => string): Promise<LocalGoogleFake> {
  const client = { clientId: `local-${randomBytes(6).toString('hex')}.apps.googleusercontent.com`, clientSecret: randomBytes(18).toString('base64url') };
  const fake = await startFakeGoogle({ client, now, consentAccount: LOCAL_GOOGLE_ACCOUNT });
  fake.addAccount(LOCAL_GOOGLE_ACCOUNT, [{ id: 'team-local@group.calendar.google.com', summary: 'Team' }]);
  const at = (days: number, hour: number) => {
    const day = new Date(Date.parse(now()));
    day.setUTCDate(day.getUTCDate() + days);
    day.setUTCHours(hour, 0, 0, 0);
    return day.toISOString();
  };
  const meeting = (id: string, start: string, with_: string, name: string) => ({
    id,
    summary: `Coffee with ${name}`,
    start: { dateTime: start },
    end: { dateTime: new Date(Date.parse(start) + 30 * 60_000).toISOString() },
    attendees: [
      { email: LOCAL_GOOGLE_ACCOUNT, self: true, responseStatus: 'accepted' },
      { email: with_, displayName: name, responseStatus: 'accepted' },
    ],
  });
  fake.putEvent(LOCAL_GOOGLE_ACCOUNT, meeting('localgoogle001', at(-20, 9), 'maya@example.org', 'Maya Lindqvist'));
  fake.putEvent(LOCAL_GOOGLE_ACCOUNT, meeting('localgoogle002', at(-3, 15), 'dev@example.net', 'Dev Patel'));
  fake.putEvent(LOCAL_GOOGLE_ACCOUNT, { id: 'localgoogle003', summary: 'Focus time', eventType: 'focusTime', start: { dateTime: at(1, 9) }, end: { dateTime: at(1, 12) } });
  return {
    fake,
    // The fake's refresh tokens never expire: there is no testing-mode week to warn about.
    config: { google: { ...client, apiRoot: fake.apiRoot, authUrl: fake.authUrl, tokenUrl: fake.tokenUrl, oauthTesting: false } },
  };
}
