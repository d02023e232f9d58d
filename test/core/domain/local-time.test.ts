import fc from 'fast-check';
import { DateTime, IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { DEFAULT_COFFEE_SETTINGS } from '../../../lib/core/domain/coffee.js';
import { digestDue, followUpMailDue } from '../../../lib/core/domain/mail/mail-schedule.js';
import { DEFAULT_MAIL_SETTINGS, type MailSettings } from '../../../lib/core/domain/mail/mail-settings.js';
import { localDay, longWhen, namedZoneTime, shortWhen } from '../../../lib/core/domain/mail/mail-times.js';
import { proposalBucketOf, tickHourOf } from '../../../lib/core/domain/schedule.js';
import { weekKeyOf } from '../../../lib/core/domain/slots.js';
import { formatLocal, formatLocalDate, localDateOf, startOfLocalDate, startOfNextLocalWeek } from '../../../lib/core/domain/time.js';
import { zonedText } from '../../../lib/core/domain/local-time.js';
import { isValidTimeZone, zoneNamed } from '../../../lib/core/domain/zones.js';
import { slotLabel } from '../../../lib/edge/web/guest-time.js';
import { someSettings } from './builders.js';

/**
 * Local times are read without luxon on the functions' cold path (lib/core/domain/local-time.ts).
 * These properties hold the replacement to luxon's answers, the code it replaced written out
 * here as the oracle, in zones with every kind of DST change, around the changes themselves.
 */

const ZONES = [
  'UTC',
  'Europe/London',
  'America/New_York',
  'America/Havana', // falls back at 01:00 to 00:00: midnight happens twice
  'America/Santiago', // springs forward at midnight: midnight never happens
  'Asia/Beirut',
  'Australia/Lord_Howe', // a half-hour DST shift
  'Pacific/Chatham', // +12:45 / +13:45
  'Asia/Kathmandu',
  'Asia/Kolkata',
  'America/St_Johns',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
  'Africa/Casablanca',
  'Asia/Tehran',
];

/** Instants a few minutes to a day and a half either side of each zone's offset changes in 2026–2028. */
const transitions = ZONES.flatMap((name) => {
  const zone = IANAZone.create(name);
  const found: number[] = [];
  for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2029, 0, 1); ms += 3 * 3_600_000) {
    if (zone.offset(ms) !== zone.offset(ms + 3 * 3_600_000)) found.push(ms);
  }
  return found;
});

const zone = fc.constantFrom(...ZONES);
const nearChange = fc.tuple(fc.constantFrom(...transitions), fc.integer({ min: -36 * 60, max: 36 * 60 }), fc.constantFrom(0, 17_000, 59_999)).map(([ms, minutes, extra]) => ms + minutes * 60_000 + extra);
const anyTime = fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2030, 0, 1) });
// Three in four instants sit near an offset change, where the replacement can go wrong: 1,000
// runs still put each of the ~50 changes under every property about 15 times (3,000 runs at one
// in two put them there about 28 times, for three times the suite's time).
const instant = fc.oneof({ arbitrary: nearChange, weight: 3 }, { arbitrary: anyTime, weight: 1 }).map((ms) => new Date(ms).toISOString());
const RUNS = { numRuns: 1_000 };

describe('local times without luxon read as luxon reads them', () => {
  it('a zone’s offset at an instant, and which names are zones', () => {
    fc.assert(
      fc.property(zone, instant, (name, at) => {
        expect(zoneNamed(name).offset(Date.parse(at))).toBe(IANAZone.create(name).offset(Date.parse(at)));
      }),
      RUNS,
    );
    for (const name of ['Europe/London', 'UTC', 'Etc/GMT+5', 'utc', 'Mars/Olympus', '', 'local', 'UTC+5']) expect(isValidTimeZone(name)).toBe(IANAZone.isValidZone(name));
  });

  it('dates and words in the system locale (the dashboard)', () => {
    fc.assert(
      fc.property(zone, instant, (name, at) => {
        const local = DateTime.fromISO(at, { zone: 'utc' }).setZone(name);
        expect(formatLocal(at, name)).toBe(local.toFormat('ccc d LLL yyyy, HH:mm'));
        expect(formatLocalDate(at, name)).toBe(local.toFormat('ccc d LLL yyyy'));
        expect(localDateOf(at, name)).toBe(local.toISODate());
      }),
      RUNS,
    );
    expect(formatLocal('2026-09-08T08:30:00.000Z', 'Europe/London')).toBe('Tue 8 Sep 2026, 09:30');
    for (const written of ['2026-09-08T09:30:00+01', '2026-09-08T09:30:00+0100', '2026-09-08T09:30+01:00', '2026-09-08T08:30:00,5Z']) {
      expect(formatLocal(written, 'Europe/London')).toBe(DateTime.fromISO(written, { zone: 'utc' }).setZone('Europe/London').toFormat('ccc d LLL yyyy, HH:mm'));
    }
    expect(formatLocal('yesterday', 'Europe/London')).toBe(DateTime.fromISO('yesterday').toFormat('ccc'));
  });

  it('the start of a local date is its first instant (as luxon’s startOf, and where luxon depends on the clock, the first)', () => {
    fc.assert(
      fc.property(zone, instant, (name, at) => {
        const date = DateTime.fromISO(at, { zone: 'utc' }).setZone(name).toISODate()!;
        const luxon = DateTime.fromISO(date, { zone: name }).startOf('day');
        const ours = startOfLocalDate(date, name)!;
        // Midnight happening twice (Havana): luxon takes the occurrence its guess from today's offset lands on.
        const twice = luxon.minus({ hours: 1 }).toFormat('yyyy-MM-dd') === date;
        if (twice) expect(Date.parse(ours)).toBeLessThan(luxon.toMillis());
        else expect(ours).toBe(luxon.toUTC().toISO());
      }),
      RUNS,
    );
    expect(startOfLocalDate('2026-02-30', 'Europe/London')).toBeNull();
    expect(startOfLocalDate('2026-2-3', 'Europe/London')).toBeNull();
    expect(startOfLocalDate('2026-02-03', 'Mars/Olympus')).toBeNull();
  });

  it('times in emails (en-GB, "Sept")', () => {
    fc.assert(
      fc.property(zone, instant, fc.integer({ min: 15, max: 180 }), (name, at, minutes) => {
        const end = new Date(Date.parse(at) + minutes * 60_000).toISOString();
        const local = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' }).setZone(name).setLocale('en-GB');
        expect(namedZoneTime(at, name)).toBe(`${local(at).toFormat('ccc d LLL, HH:mm')} (${name})`);
        expect(localDay(at, name)).toBe(local(at).toFormat('ccc d LLL'));
        expect(shortWhen(at, name)).toBe(DateTime.fromISO(at, { zone: name }).setLocale('en-GB').toFormat('ccc d LLL HH:mm'));
        const from = DateTime.fromISO(at, { zone: name }).setLocale('en-GB');
        const to = DateTime.fromISO(end, { zone: name }).setLocale('en-GB');
        expect(longWhen(at, end, name)).toBe(`${from.toFormat('cccc d LLLL yyyy, HH:mm')}–${to.toFormat('HH:mm')} (${name})`);
      }),
      RUNS,
    );
    expect(localDay('2026-09-10T12:00:00Z', 'Europe/London')).toBe(DateTime.fromISO('2026-09-10T12:00:00Z').setZone('Europe/London').setLocale('en-GB').toFormat('ccc d LLL'));
  });

  it('luxon’s format tokens, in the system locale and in en-GB', () => {
    const patterns = ['ccc d LLL, HH:mm', 'cccc d LLLL yyyy', 'HH:mm', "yyyy-'W'd", 'ZZZZZ'];
    fc.assert(
      fc.property(zone, instant, fc.constantFrom(undefined, 'en-GB'), fc.constantFrom(...patterns), (name, at, locale, pattern) => {
        const local = DateTime.fromISO(at, { zone: 'utc' }).setZone(name);
        expect(zonedText(at, name, locale).toFormat(pattern)).toBe((locale ? local.setLocale(locale) : local).toFormat(pattern));
        expect(zonedText(at, name, locale).toISODate()).toBe(local.toISODate());
      }),
      RUNS,
    );
    expect(zonedText('not a time', 'Europe/London').toFormat('HH:mm')).toBe(DateTime.fromISO('not a time').toFormat('HH:mm'));
    expect(zonedText('2026-09-08T08:30:00Z', 'gmt', 'en-GB').toFormat('ZZZZZ')).toBe('UTC');
    expect(() => zonedText('2026-09-08T08:30:00Z', 'Europe/London').toFormat('EEE')).toThrow(RangeError);
  });

  it('slot labels on the booking page', () => {
    fc.assert(
      fc.property(zone, instant, fc.integer({ min: 15, max: 180 }), (name, at, minutes) => {
        const slot = { start: at, end: new Date(Date.parse(at) + minutes * 60_000).toISOString() };
        const local = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' }).setZone(name).setLocale('en-GB');
        const [start, end] = [local(slot.start), local(slot.end)];
        const until = start.toISODate() === end.toISODate() ? end.toFormat('HH:mm') : end.toFormat('ccc d LLL, HH:mm');
        expect(slotLabel(slot, name)).toBe(`${start.toFormat('ccc d LLL, HH:mm')}\u2013${until} (${start.toFormat('ZZZZZ')})`);
      }),
      RUNS,
    );
  });

  it('where this week ends (the weekly review)', () => {
    fc.assert(
      fc.property(zone, instant, (name, now) => {
        expect(startOfNextLocalWeek(now, name)).toBe(DateTime.fromISO(now, { zone: 'utc' }).setZone(name).endOf('week').plus({ milliseconds: 1 }).toUTC().toISO());
      }),
      RUNS,
    );
  });

  it('ISO weeks', () => {
    fc.assert(
      fc.property(zone, instant, (name, at) => {
        expect(weekKeyOf(at, name)).toBe(DateTime.fromISO(at).setZone(name).toFormat("kkkk-'W'WW"));
      }),
      RUNS,
    );
  });

  it('proposal buckets and tick hours', () => {
    fc.assert(
      fc.property(zone, instant, fc.integer({ min: 0, max: 23 }), (name, now, hour) => {
        const settings = someSettings({ timeZone: name, coffee: { ...DEFAULT_COFFEE_SETTINGS, proposalHour: hour } });
        expect(proposalBucketOf(settings, now)).toBe(luxonProposalBucketOf(name, hour, now));
        expect(tickHourOf(now)).toBe(DateTime.fromISO(now, { zone: 'utc' }).plus({ minutes: 30 }).hour);
      }),
      RUNS,
    );
  });

  it('when the digest and the follow-up email are due', () => {
    const user = (timeZone: string, mail: Partial<MailSettings>) => ({ timeZone, mail: { ...DEFAULT_MAIL_SETTINGS, digest: true, followUpMail: true, ...mail } });
    const weekday = fc.constantFrom('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun') as fc.Arbitrary<MailSettings['digestWeekday']>;
    fc.assert(
      fc.property(zone, instant, weekday, fc.integer({ min: 0, max: 23 }), (name, now, digestWeekday, digestHour) => {
        const settings = user(name, { digestWeekday, digestHour });
        expect(digestDue(settings, now)).toEqual(luxonDigestDue(name, digestWeekday, digestHour, now));
        expect(followUpMailDue(settings, now)).toEqual(luxonFollowUpMailDue(name, now));
      }),
      RUNS,
    );
  });
});

/** lib/core/domain/schedule.ts as it was with luxon. */
function luxonProposalBucketOf(timeZone: string, proposalHour: number, now: string): number {
  const local = DateTime.fromISO(now, { zone: timeZone });
  let next = local.set({ hour: proposalHour, minute: 0, second: 0, millisecond: 0 });
  if (next <= local) next = next.plus({ days: 1 }).set({ hour: proposalHour, minute: 0, second: 0, millisecond: 0 });
  const utc = next.toUTC();
  const roundedUp = utc.minute === 0 && utc.second === 0 ? utc : utc.startOf('hour').plus({ hours: 1 });
  return roundedUp.hour;
}

/** lib/core/domain/mail/mail-schedule.ts as it was with luxon. */
function luxonStartOfLocalHour(local: DateTime, hour: number): DateTime {
  const wall = { year: local.year, month: local.month, day: local.day, hour, minute: 0, second: 0, millisecond: 0 };
  const resolved = DateTime.fromObject(wall, { zone: local.zone });
  const wallAsUtcMs = DateTime.fromObject(wall, { zone: 'utc' }).toMillis();
  const offsets = new Set([resolved.offset, resolved.minus({ hours: 3 }).offset, resolved.plus({ hours: 3 }).offset]);
  const readings = [...offsets]
    .map((offset) => DateTime.fromMillis(wallAsUtcMs - offset * 60_000, { zone: local.zone }))
    .filter((t) => t.hour === hour && t.minute === 0 && t.day === local.day)
    .sort((a, b) => a.toMillis() - b.toMillis());
  return readings[0] ?? resolved;
}

function luxonInLocalHour(local: DateTime, hour: number): boolean {
  const startMs = luxonStartOfLocalHour(local, hour).toMillis();
  return local.toMillis() >= startMs && local.toMillis() < startMs + 3_600_000;
}

function luxonDigestDue(zone: string, digestWeekday: string, digestHour: number, now: string) {
  const local = DateTime.fromISO(now, { zone: 'utc' }).setZone(zone);
  if (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'][local.weekday - 1] !== digestWeekday || !luxonInLocalHour(local, digestHour)) return null;
  const week = `${local.weekYear}-W${String(local.weekNumber).padStart(2, '0')}`;
  return { mailId: `digest.${week}`, week };
}

function luxonFollowUpMailDue(zone: string, now: string) {
  const local = DateTime.fromISO(now, { zone: 'utc' }).setZone(zone);
  if (!luxonInLocalHour(local, 8)) return null;
  const today = local.startOf('day');
  const yesterday = today.minus({ days: 1 }).startOf('day');
  const localDate = local.toISODate()!;
  return { mailId: `follow-up.${localDate}`, localDate, metFrom: yesterday.toUTC().toISO()!, metTo: today.toUTC().toISO()! };
}
