import { describe, expect, it } from 'vitest';
import type { Connection } from '../../../lib/core/ports/connections.js';
import { nextSweepAt } from '../../../lib/core/domain/sweep-wake.js';
import { leftUnreadBySweep } from '../../../lib/core/domain/read-schedule.js';
import { someSettings } from './builders.js';

/** When a user next needs the sweep: the tick passes them over until then. */

const NOW = '2027-01-12T10:00:00.000Z';
const later = (minutes: number) => new Date(Date.parse(NOW) + minutes * 60_000).toISOString();
const quiet = { followUpMail: false, digest: false, digestWeekday: 'mon', digestHour: 8, autoSendLink: false } as const;
const settings = someSettings({ timeZone: 'Europe/London', mail: quiet });

const pushed = (over: Partial<Connection> = {}): Connection => ({
  id: 'g',
  kind: 'microsoft',
  label: 'Outlook',
  cursor: 'delta-link',
  status: 'ok',
  createdAt: '2027-01-01T00:00:00.000Z',
  lastSyncAt: later(-60),
  endIndexed: true,
  push: { id: 'sub-1', expiresAt: later(3 * 24 * 60) },
  ...over,
});
const rapport: Connection = { id: 'rapport', kind: 'rapport', label: 'Rapport', cursor: 'rapport:v2:', status: 'ok', createdAt: '2027-01-01T00:00:00.000Z', lastSyncAt: later(-600) };
const wake = (connections: Connection[], over: { workLeft?: boolean; settings?: typeof settings } = {}) => nextSweepAt({ now: NOW, connections, settings: over.settings ?? settings, workLeft: over.workLeft ?? false });

describe('the next sweep', () => {
  it('for calendars push keeps current is their twelve-hourly safety read, and never later than twelve hours', () => {
    expect(wake([pushed(), rapport])).toBe(later(11 * 60));
    expect(wake([rapport])).toBe(later(12 * 60));
  });

  it('comes within the hour after the next event that may become a meeting ends, gathering the ends in between', () => {
    expect(wake([pushed({ nextEndAt: later(45) }), rapport])).toBe(later(105));
    // An end that has passed (a sweep that could not run): the next tick.
    expect(wake([pushed({ nextEndAt: later(-90) }), rapport])).toBe(NOW);
  });

  it('is the next tick for a calendar the sweep polls, one that failed, one never read, and for work left over', () => {
    expect(wake([pushed({ kind: 'ics', push: undefined })])).toBe(NOW);
    expect(wake([pushed({ status: 'error', lastError: 'down' })])).toBe(NOW);
    expect(wake([pushed({ lastSyncAt: undefined })])).toBe(NOW);
    expect(wake([rapport], { workLeft: true })).toBe(NOW);
  });

  it('comes back when the next message falls owed (a retry not yet due, an attempt\u2019s lease)', () => {
    expect(nextSweepAt({ now: NOW, connections: [rapport], settings, workLeft: false, mailOwedAt: later(20) })).toBe(later(20));
  });

  it('waits for the user where only they can fix a calendar (sign in again)', () => {
    expect(wake([pushed({ status: 'needs-reconnect', push: undefined }), rapport])).toBe(later(12 * 60));
  });

  it('comes when a push channel is due for renewal: a day before for Google, twelve hours for Graph', () => {
    expect(wake([pushed({ push: { id: 's', expiresAt: later(14 * 60) } })])).toBe(later(2 * 60));
    const google = pushed({ kind: 'google', calendars: [{ id: 'primary', label: 'Me', primary: true, counts: true }], push: { id: 'c', expiresAt: later(26 * 60) } });
    expect(wake([google])).toBe(later(2 * 60));
  });

  it('comes for the next scheduled email (the follow-up at 08:00 local)', () => {
    const mornings = someSettings({ timeZone: 'Asia/Tokyo', mail: { ...quiet, followUpMail: true } });
    // 10:00 UTC is 19:00 in Tokyo: tomorrow's 08:00 there is 23:00 UTC, later than the twelve-hour cap.
    expect(wake([rapport], { settings: mornings })).toBe(later(12 * 60));
    expect(nextSweepAt({ now: '2027-01-12T12:00:00.000Z', connections: [rapport], settings: mornings, workLeft: false })).toBe('2027-01-12T23:00:00.000Z');
    // 17:00 UTC is 06:00 in Auckland (UTC+13): 08:00 is two hours on.
    const auckland = someSettings({ timeZone: 'Pacific/Auckland', mail: { ...quiet, followUpMail: true } });
    expect(nextSweepAt({ now: '2027-01-12T17:00:00.000Z', connections: [rapport], settings: auckland, workLeft: false })).toBe('2027-01-12T19:00:00.000Z');
  });

  it('shares one safety read among the calendars push keeps current: a due one takes along those read six hours ago or more', () => {
    const due = pushed({ id: 'a', lastSyncAt: later(-12 * 60) });
    const older = pushed({ id: 'b', lastSyncAt: later(-7 * 60) });
    const recent = pushed({ id: 'c', lastSyncAt: later(-60) });
    expect([...leftUnreadBySweep([due, older, recent, rapport], NOW)].sort()).toEqual(['c']);
    // Nothing due: every covered calendar is left to push.
    expect([...leftUnreadBySweep([older, recent], NOW)].sort()).toEqual(['b', 'c']);
  });
});
