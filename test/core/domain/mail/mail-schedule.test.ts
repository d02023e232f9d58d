import { describe, expect, it } from 'vitest';
import { digestDue, followUpMailDue, nextScheduledMailAt } from '../../../../lib/core/domain/mail/mail-schedule.js';
import type { MailSettings } from '../../../../lib/core/domain/mail/mail-settings.js';
import { DEFAULT_MAIL_SETTINGS } from '../../../../lib/core/domain/mail/mail-settings.js';

const user = (timeZone: string, mail: Partial<MailSettings> = {}) => ({ timeZone, mail: { ...DEFAULT_MAIL_SETTINGS, ...mail } });

/** Every instant from `from`, `stepMinutes` apart, for `hours` hours. */
function instants(from: string, hours: number, stepMinutes: number): string[] {
  const out: string[] = [];
  for (let ms = Date.parse(from); ms < Date.parse(from) + hours * 3_600_000; ms += stepMinutes * 60_000) out.push(new Date(ms).toISOString());
  return out;
}

describe('the weekly digest is due in the user\u2019s chosen local weekday and hour', () => {
  it('Monday 08:00 in London is 08:00 GMT before the clocks change and 07:00 UTC after', () => {
    const london = user('Europe/London', { digestWeekday: 'mon', digestHour: 8 });
    expect(digestDue(london, '2026-03-23T08:00:00.000Z')).toEqual({ mailId: 'digest.2026-W13', week: '2026-W13' });
    expect(digestDue(london, '2026-03-23T07:59:00.000Z')).toBeNull();
    expect(digestDue(london, '2026-03-30T07:00:00.000Z')).toEqual({ mailId: 'digest.2026-W14', week: '2026-W14' });
    expect(digestDue(london, '2026-03-30T08:00:00.000Z')).toBeNull();
  });

  it('in Pacific/Chatham (UTC+13:45 in December) Monday 08:00 starts at 18:15 UTC on Sunday and lasts one hour', () => {
    const chatham = user('Pacific/Chatham', { digestWeekday: 'mon', digestHour: 8 });
    expect(digestDue(chatham, '2026-12-06T18:14:59.000Z')).toBeNull();
    expect(digestDue(chatham, '2026-12-06T18:15:00.000Z')?.mailId).toBe('digest.2026-W50');
    expect(digestDue(chatham, '2026-12-06T19:14:00.000Z')?.mailId).toBe('digest.2026-W50');
    expect(digestDue(chatham, '2026-12-06T19:15:00.000Z')).toBeNull();
  });

  it('in Chatham winter (UTC+12:45) the same rule moves by the hour', () => {
    const chatham = user('Pacific/Chatham', { digestWeekday: 'mon', digestHour: 8 });
    expect(digestDue(chatham, '2026-06-07T19:15:00.000Z')?.mailId).toBe('digest.2026-W24');
    expect(digestDue(chatham, '2026-06-07T18:15:00.000Z')).toBeNull();
  });

  it('a digest set in the hour the spring change skips comes when the clock lands, once', () => {
    // Europe/London, Sunday 29 March 2026: 01:00 GMT becomes 02:00 BST.
    const london = user('Europe/London', { digestWeekday: 'sun', digestHour: 1 });
    const due = instants('2026-03-28T12:00:00.000Z', 24, 5).filter((t) => digestDue(london, t));
    expect(due[0]).toBe('2026-03-29T01:00:00.000Z');
    expect(due.at(-1)).toBe('2026-03-29T01:55:00.000Z');
    expect(due).toHaveLength(12);
  });

  it('a digest in the hour the autumn change repeats comes in its first occurrence only', () => {
    // Europe/London, Sunday 25 October 2026: 01:00–02:00 happens at 00:00Z (BST) and again at 01:00Z (GMT).
    const london = user('Europe/London', { digestWeekday: 'sun', digestHour: 1 });
    expect(digestDue(london, '2026-10-25T00:30:00.000Z')?.mailId).toBe('digest.2026-W43');
    expect(digestDue(london, '2026-10-25T01:30:00.000Z')).toBeNull();
  });

  it('takes the ISO week-year at New Year: Friday 1 January 2027 is in 2026-W53', () => {
    expect(digestDue(user('Europe/London', { digestWeekday: 'fri', digestHour: 9 }), '2027-01-01T09:10:00.000Z')?.mailId).toBe('digest.2026-W53');
  });

  it('is never due when the user turned it off', () => {
    expect(digestDue(user('Europe/London', { digest: false, digestWeekday: 'mon', digestHour: 8 }), '2026-03-23T08:00:00.000Z')).toBeNull();
  });

  it('profiles stored before mail settings existed get Monday 08:00', () => {
    expect(digestDue({ timeZone: 'Europe/Paris' }, '2026-12-07T07:30:00.000Z')?.mailId).toBe('digest.2026-W50');
  });

  it('on the Sundays of DST changes, in every zone and for every hour, exactly one local hour is due', () => {
    const zones = ['Europe/London', 'America/New_York', 'Pacific/Chatham', 'Australia/Lord_Howe', 'Asia/Kathmandu'];
    // Around the 2026 Sundays of change in the north (March, October), Chatham and Lord Howe (April, September/October), and an ordinary one.
    const sundays = ['2026-03-08', '2026-03-29', '2026-04-05', '2026-09-27', '2026-10-04', '2026-10-25', '2026-11-01', '2026-06-14'];
    const failures: string[] = [];
    for (const zone of zones) {
      for (const hour of [0, 2, 3, 8, 23]) {
        const settings = user(zone, { digestWeekday: 'sun', digestHour: hour });
        for (const sunday of sundays) {
          // Saturday 08:00 UTC to Monday 08:00 UTC holds all of that Sunday from Chatham (UTC+13:45) to New York (UTC-5), and no other Sunday.
          const due = instants(new Date(Date.parse(`${sunday}T00:00:00Z`) - 16 * 3_600_000).toISOString(), 48, 15).filter((t) => digestDue(settings, t));
          const ids = new Set(due.map((t) => digestDue(settings, t)!.mailId));
          const contiguous = due.every((t, i) => i === 0 || Date.parse(t) - Date.parse(due[i - 1]!) === 15 * 60_000);
          if (ids.size !== 1 || due.length !== 4 || !contiguous) failures.push(`${zone} ${hour}h ${sunday}: ${due.join(' ')}`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);
});

describe('the follow-up email is due at 08:00 local and covers the previous local day', () => {
  it('in Chatham (UTC+13:45) the email of 7 December covers 6 December local', () => {
    const due = followUpMailDue(user('Pacific/Chatham'), '2026-12-06T18:20:00.000Z');
    expect(due).toEqual({ mailId: 'follow-up.2026-12-07', localDate: '2026-12-07', metFrom: '2026-12-05T10:15:00.000Z', metTo: '2026-12-06T10:15:00.000Z' });
    expect(followUpMailDue(user('Pacific/Chatham'), '2026-12-06T18:10:00.000Z')).toBeNull();
  });

  it('the morning after the spring change covers a 23-hour day', () => {
    const due = followUpMailDue(user('Europe/London'), '2026-03-30T07:05:00.000Z');
    expect(due).toMatchObject({ localDate: '2026-03-30', metFrom: '2026-03-29T00:00:00.000Z', metTo: '2026-03-29T23:00:00.000Z' });
  });

  it('the morning after the autumn change covers a 25-hour day', () => {
    const due = followUpMailDue(user('Europe/London'), '2026-10-26T08:05:00.000Z');
    expect(due).toMatchObject({ localDate: '2026-10-26', metFrom: '2026-10-24T23:00:00.000Z', metTo: '2026-10-26T00:00:00.000Z' });
  });

  it('one email a day at most, and consecutive days leave no gap between them', () => {
    const settings = user('Pacific/Chatham');
    const due = instants('2026-09-20T00:00:00.000Z', 14 * 24, 15).map((t) => followUpMailDue(settings, t)).filter((d) => d !== null);
    const byDay = new Map(due.map((d) => [d.mailId, d]));
    expect(byDay.size).toBe(14);
    const days = [...byDay.values()];
    for (let i = 1; i < days.length; i++) expect(days[i]!.metFrom).toBe(days[i - 1]!.metTo);
  });

  it('is never due when turned off', () => {
    expect(followUpMailDue(user('Europe/London', { followUpMail: false }), '2026-03-30T07:05:00.000Z')).toBeNull();
  });
});

describe('the next scheduled email, for the sweep to wake for it', () => {
  const dueIds = (u: ReturnType<typeof user>, at: string) => [digestDue(u, at)?.mailId, followUpMailDue(u, at)?.mailId].filter(Boolean).join(',');

  it('is the start of the next hour a message is due in, and no such hour starts before it (DST weeks, far zones)', () => {
    const zones = ['Europe/London', 'America/New_York', 'Pacific/Chatham', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Kiritimati'];
    // Weeks holding a DST change in the north (March) and the south (April).
    for (const timeZone of zones) {
      const u = user(timeZone, { digestWeekday: 'sun', digestHour: 2 });
      for (const now of [...instants('2026-03-26T00:00:00.000Z', 9 * 24, 419), ...instants('2026-04-02T00:00:00.000Z', 9 * 24, 431)]) {
        const next = nextScheduledMailAt(u, now)!;
        expect(Date.parse(next), `${timeZone} ${now}`).toBeGreaterThan(Date.parse(now));
        expect(dueIds(u, next), `${timeZone} ${now} → ${next}`).not.toBe('');
        const current = dueIds(u, now);
        // Nothing new falls due in between (at the tick's 15 minutes): at most the hour `now` is already in.
        for (const between of instants(now, (Date.parse(next) - Date.parse(now)) / 3_600_000, 15).slice(1)) {
          const ids = dueIds(u, between);
          expect(ids === '' || ids === current, `${timeZone} ${now} → ${next}: ${between} has ${ids}`).toBe(true);
        }
      }
    }
  });

  it('is 08:00 local tomorrow for the follow-up, the chosen hour for the digest, and nothing when both are off', () => {
    const london = user('Europe/London', { digestWeekday: 'mon', digestHour: 18 });
    expect(nextScheduledMailAt(london, '2026-12-07T08:00:00.000Z')).toBe('2026-12-07T18:00:00.000Z');
    expect(nextScheduledMailAt(london, '2026-12-07T18:00:00.000Z')).toBe('2026-12-08T08:00:00.000Z');
    expect(nextScheduledMailAt(user('Europe/London', { followUpMail: false, digestWeekday: 'mon', digestHour: 18 }), '2026-12-07T18:00:00.000Z')).toBe('2026-12-14T18:00:00.000Z');
    expect(nextScheduledMailAt(user('Europe/London', { followUpMail: false, digest: false }), '2026-12-07T18:00:00.000Z')).toBeNull();
  });
});
