/**
 * Recurrence cases as plain data, shared by the engine's tests and the comparison of engines.
 * The first group is RFC 5545 §3.8.5.3's RRULE examples with the dates the RFC lists (all in
 * America/New_York, at 09:00 unless said); the second, rule classes other engines got wrong.
 * Starts are wall-clock readings `YYYY-MM-DDTHH:MM`; `until` is UTC as in the RRULE.
 */

export interface RuleCase {
  name: string;
  start: string;
  rule: string;
  /** The expected starts: all of them, or the first ones when `open` (a rule without end). */
  expected: string[];
  open?: boolean;
  /** The RFC's example also has EXDATE on DTSTART. */
  excludeStart?: boolean;
}

export const ZONE = 'America/New_York';

/** `on(1997, 9, [2, 3])` → ['1997-09-02T09:00', '1997-09-03T09:00']. */
function on(year: number, month: number, days: readonly number[], time = '09:00'): string[] {
  return days.map((day) => `${year}-${pad(month)}-${pad(day)}T${time}`);
}
function range(from: number, to: number, step = 1): number[] {
  const values: number[] = [];
  for (let value = from; value <= to; value += step) values.push(value);
  return values;
}
function pad(value: number): string {
  return String(value).padStart(2, '0');
}
function times(date: string, hours: readonly number[], minutes: readonly number[]): string[] {
  return hours.flatMap((hour) => minutes.map((minute) => `${date}T${pad(hour)}:${pad(minute)}`));
}

const sep2 = '1997-09-02T09:00';

export const RFC_5545_EXAMPLES: RuleCase[] = [
  { name: 'daily for 10 occurrences', start: sep2, rule: 'FREQ=DAILY;COUNT=10', expected: on(1997, 9, range(2, 11)) },
  {
    name: 'daily until December 24, 1997', start: sep2, rule: 'FREQ=DAILY;UNTIL=19971224T000000Z',
    expected: [...on(1997, 9, range(2, 30)), ...on(1997, 10, range(1, 31)), ...on(1997, 11, range(1, 30)), ...on(1997, 12, range(1, 23))],
  },
  {
    name: 'every other day, forever', start: sep2, rule: 'FREQ=DAILY;INTERVAL=2', open: true,
    expected: [...on(1997, 9, range(2, 30, 2)), ...on(1997, 10, range(2, 30, 2)), ...on(1997, 11, range(1, 29, 2)), ...on(1997, 12, [1, 3])],
  },
  { name: 'every 10 days, 5 occurrences', start: sep2, rule: 'FREQ=DAILY;INTERVAL=10;COUNT=5', expected: [...on(1997, 9, [2, 12, 22]), ...on(1997, 10, [2, 12])] },
  {
    name: 'every day in January, for 3 years (yearly form)', start: '1998-01-01T09:00',
    rule: 'FREQ=YEARLY;UNTIL=20000131T140000Z;BYMONTH=1;BYDAY=SU,MO,TU,WE,TH,FR,SA',
    expected: [1998, 1999, 2000].flatMap((year) => on(year, 1, range(1, 31))),
  },
  {
    name: 'every day in January, for 3 years (daily form)', start: '1998-01-01T09:00', rule: 'FREQ=DAILY;UNTIL=20000131T140000Z;BYMONTH=1',
    expected: [1998, 1999, 2000].flatMap((year) => on(year, 1, range(1, 31))),
  },
  { name: 'weekly for 10 occurrences', start: sep2, rule: 'FREQ=WEEKLY;COUNT=10', expected: [...on(1997, 9, [2, 9, 16, 23, 30]), ...on(1997, 10, [7, 14, 21, 28]), ...on(1997, 11, [4])] },
  {
    name: 'weekly until December 24, 1997', start: sep2, rule: 'FREQ=WEEKLY;UNTIL=19971224T000000Z',
    expected: [...on(1997, 9, [2, 9, 16, 23, 30]), ...on(1997, 10, [7, 14, 21, 28]), ...on(1997, 11, [4, 11, 18, 25]), ...on(1997, 12, [2, 9, 16, 23])],
  },
  {
    name: 'every other week, forever', start: sep2, rule: 'FREQ=WEEKLY;INTERVAL=2;WKST=SU', open: true,
    expected: [...on(1997, 9, [2, 16, 30]), ...on(1997, 10, [14, 28]), ...on(1997, 11, [11, 25]), ...on(1997, 12, [9, 23]), ...on(1998, 1, [6, 20]), ...on(1998, 2, [3, 17])],
  },
  {
    name: 'weekly on Tuesday and Thursday for five weeks (UNTIL)', start: sep2, rule: 'FREQ=WEEKLY;UNTIL=19971007T000000Z;WKST=SU;BYDAY=TU,TH',
    expected: [...on(1997, 9, [2, 4, 9, 11, 16, 18, 23, 25, 30]), ...on(1997, 10, [2])],
  },
  {
    name: 'weekly on Tuesday and Thursday for five weeks (COUNT)', start: sep2, rule: 'FREQ=WEEKLY;COUNT=10;WKST=SU;BYDAY=TU,TH',
    expected: [...on(1997, 9, [2, 4, 9, 11, 16, 18, 23, 25, 30]), ...on(1997, 10, [2])],
  },
  {
    name: 'every other week on Monday, Wednesday and Friday until December 24, 1997', start: '1997-09-01T09:00',
    rule: 'FREQ=WEEKLY;INTERVAL=2;UNTIL=19971224T000000Z;WKST=SU;BYDAY=MO,WE,FR',
    expected: [...on(1997, 9, [1, 3, 5, 15, 17, 19, 29]), ...on(1997, 10, [1, 3, 13, 15, 17, 27, 29, 31]), ...on(1997, 11, [10, 12, 14, 24, 26, 28]), ...on(1997, 12, [8, 10, 12, 22])],
  },
  {
    name: 'every other week on Tuesday and Thursday, for 8 occurrences', start: sep2, rule: 'FREQ=WEEKLY;INTERVAL=2;COUNT=8;WKST=SU;BYDAY=TU,TH',
    expected: [...on(1997, 9, [2, 4, 16, 18, 30]), ...on(1997, 10, [2, 14, 16])],
  },
  {
    name: 'monthly on the first Friday for 10 occurrences', start: '1997-09-05T09:00', rule: 'FREQ=MONTHLY;COUNT=10;BYDAY=1FR',
    expected: [...on(1997, 9, [5]), ...on(1997, 10, [3]), ...on(1997, 11, [7]), ...on(1997, 12, [5]), ...on(1998, 1, [2]), ...on(1998, 2, [6]), ...on(1998, 3, [6]), ...on(1998, 4, [3]), ...on(1998, 5, [1]), ...on(1998, 6, [5])],
  },
  {
    name: 'monthly on the first Friday until December 24, 1997', start: '1997-09-05T09:00', rule: 'FREQ=MONTHLY;UNTIL=19971224T000000Z;BYDAY=1FR',
    expected: [...on(1997, 9, [5]), ...on(1997, 10, [3]), ...on(1997, 11, [7]), ...on(1997, 12, [5])],
  },
  {
    name: 'every other month on the first and last Sunday for 10 occurrences', start: '1997-09-07T09:00', rule: 'FREQ=MONTHLY;INTERVAL=2;COUNT=10;BYDAY=1SU,-1SU',
    expected: [...on(1997, 9, [7, 28]), ...on(1997, 11, [2, 30]), ...on(1998, 1, [4, 25]), ...on(1998, 3, [1, 29]), ...on(1998, 5, [3, 31])],
  },
  {
    name: 'monthly on the second-to-last Monday for 6 months', start: '1997-09-22T09:00', rule: 'FREQ=MONTHLY;COUNT=6;BYDAY=-2MO',
    expected: [...on(1997, 9, [22]), ...on(1997, 10, [20]), ...on(1997, 11, [17]), ...on(1997, 12, [22]), ...on(1998, 1, [19]), ...on(1998, 2, [16])],
  },
  {
    name: 'monthly on the third-to-the-last day, forever', start: '1997-09-28T09:00', rule: 'FREQ=MONTHLY;BYMONTHDAY=-3', open: true,
    expected: [...on(1997, 9, [28]), ...on(1997, 10, [29]), ...on(1997, 11, [28]), ...on(1997, 12, [29]), ...on(1998, 1, [29]), ...on(1998, 2, [26])],
  },
  {
    name: 'monthly on the 2nd and 15th for 10 occurrences', start: sep2, rule: 'FREQ=MONTHLY;COUNT=10;BYMONTHDAY=2,15',
    expected: [...on(1997, 9, [2, 15]), ...on(1997, 10, [2, 15]), ...on(1997, 11, [2, 15]), ...on(1997, 12, [2, 15]), ...on(1998, 1, [2, 15])],
  },
  {
    name: 'monthly on the first and last day for 10 occurrences', start: '1997-09-30T09:00', rule: 'FREQ=MONTHLY;COUNT=10;BYMONTHDAY=1,-1',
    expected: [...on(1997, 9, [30]), ...on(1997, 10, [1, 31]), ...on(1997, 11, [1, 30]), ...on(1997, 12, [1, 31]), ...on(1998, 1, [1, 31]), ...on(1998, 2, [1])],
  },
  {
    name: 'every 18 months on the 10th thru 15th for 10 occurrences', start: '1997-09-10T09:00', rule: 'FREQ=MONTHLY;INTERVAL=18;COUNT=10;BYMONTHDAY=10,11,12,13,14,15',
    expected: [...on(1997, 9, range(10, 15)), ...on(1999, 3, range(10, 13))],
  },
  {
    name: 'every Tuesday, every other month', start: sep2, rule: 'FREQ=MONTHLY;INTERVAL=2;BYDAY=TU', open: true,
    expected: [...on(1997, 9, [2, 9, 16, 23, 30]), ...on(1997, 11, [4, 11, 18, 25]), ...on(1998, 1, [6, 13, 20, 27]), ...on(1998, 3, [3, 10, 17, 24, 31])],
  },
  {
    name: 'yearly in June and July for 10 occurrences', start: '1997-06-10T09:00', rule: 'FREQ=YEARLY;COUNT=10;BYMONTH=6,7',
    expected: range(1997, 2001).flatMap((year) => [...on(year, 6, [10]), ...on(year, 7, [10])]),
  },
  {
    name: 'every other year on January, February and March for 10 occurrences', start: '1997-03-10T09:00', rule: 'FREQ=YEARLY;INTERVAL=2;COUNT=10;BYMONTH=1,2,3',
    expected: [...on(1997, 3, [10]), ...[1999, 2001, 2003].flatMap((year) => [1, 2, 3].flatMap((month) => on(year, month, [10])))],
  },
  {
    name: 'every third year on the 1st, 100th and 200th day for 10 occurrences', start: '1997-01-01T09:00', rule: 'FREQ=YEARLY;INTERVAL=3;COUNT=10;BYYEARDAY=1,100,200',
    expected: [...on(1997, 1, [1]), ...on(1997, 4, [10]), ...on(1997, 7, [19]), ...on(2000, 1, [1]), ...on(2000, 4, [9]), ...on(2000, 7, [18]), ...on(2003, 1, [1]), ...on(2003, 4, [10]), ...on(2003, 7, [19]), ...on(2006, 1, [1])],
  },
  { name: 'every 20th Monday of the year, forever', start: '1997-05-19T09:00', rule: 'FREQ=YEARLY;BYDAY=20MO', open: true, expected: [...on(1997, 5, [19]), ...on(1998, 5, [18]), ...on(1999, 5, [17])] },
  { name: 'Monday of week number 20, forever', start: '1997-05-12T09:00', rule: 'FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO', open: true, expected: [...on(1997, 5, [12]), ...on(1998, 5, [11]), ...on(1999, 5, [17])] },
  { name: 'every Thursday in March, forever', start: '1997-03-13T09:00', rule: 'FREQ=YEARLY;BYMONTH=3;BYDAY=TH', open: true, expected: [...on(1997, 3, [13, 20, 27]), ...on(1998, 3, [5, 12, 19, 26]), ...on(1999, 3, [4, 11, 18, 25])] },
  {
    name: 'every Thursday, but only during June, July and August, forever', start: '1997-06-05T09:00', rule: 'FREQ=YEARLY;BYDAY=TH;BYMONTH=6,7,8', open: true,
    expected: [
      ...on(1997, 6, [5, 12, 19, 26]), ...on(1997, 7, [3, 10, 17, 24, 31]), ...on(1997, 8, [7, 14, 21, 28]),
      ...on(1998, 6, [4, 11, 18, 25]), ...on(1998, 7, [2, 9, 16, 23, 30]), ...on(1998, 8, [6, 13, 20, 27]),
      ...on(1999, 6, [3, 10, 17, 24]), ...on(1999, 7, [1, 8, 15, 22, 29]), ...on(1999, 8, [5, 12, 19, 26]),
    ],
  },
  {
    name: 'every Friday the 13th, forever', start: sep2, rule: 'FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13', open: true, excludeStart: true,
    expected: [...on(1998, 2, [13]), ...on(1998, 3, [13]), ...on(1998, 11, [13]), ...on(1999, 8, [13]), ...on(2000, 10, [13])],
  },
  {
    name: 'the first Saturday that follows the first Sunday of the month, forever', start: '1997-09-13T09:00', rule: 'FREQ=MONTHLY;BYDAY=SA;BYMONTHDAY=7,8,9,10,11,12,13', open: true,
    expected: [...on(1997, 9, [13]), ...on(1997, 10, [11]), ...on(1997, 11, [8]), ...on(1997, 12, [13]), ...on(1998, 1, [10]), ...on(1998, 2, [7]), ...on(1998, 3, [7]), ...on(1998, 4, [11]), ...on(1998, 5, [9]), ...on(1998, 6, [13])],
  },
  {
    name: 'every 4 years, the first Tuesday after a Monday in November (U.S. election day)', start: '1996-11-05T09:00',
    rule: 'FREQ=YEARLY;INTERVAL=4;BYMONTH=11;BYDAY=TU;BYMONTHDAY=2,3,4,5,6,7,8', open: true,
    expected: [...on(1996, 11, [5]), ...on(2000, 11, [7]), ...on(2004, 11, [2])],
  },
  {
    name: 'the third instance of Tuesday, Wednesday or Thursday, for the next 3 months', start: '1997-09-04T09:00', rule: 'FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3',
    expected: [...on(1997, 9, [4]), ...on(1997, 10, [7]), ...on(1997, 11, [6])],
  },
  {
    name: 'the second-to-last weekday of the month', start: '1997-09-29T09:00', rule: 'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2', open: true,
    expected: [...on(1997, 9, [29]), ...on(1997, 10, [30]), ...on(1997, 11, [27]), ...on(1997, 12, [30]), ...on(1998, 1, [29]), ...on(1998, 2, [26]), ...on(1998, 3, [30])],
  },
  // The RFC lists 09:00, 12:00 and 15:00, but its UNTIL (17:00Z) is 13:00 EDT, and UNTIL is
  // inclusive: 15:00 contradicts the rule as written. We follow the rule.
  { name: 'every 3 hours from 9:00 AM to 5:00 PM on a specific day', start: sep2, rule: 'FREQ=HOURLY;INTERVAL=3;UNTIL=19970902T170000Z', expected: times('1997-09-02', [9, 12], [0]) },
  { name: 'every 3 hours from 9:00 AM to 5:00 PM, UNTIL at 17:00 EDT', start: sep2, rule: 'FREQ=HOURLY;INTERVAL=3;UNTIL=19970902T210000Z', expected: times('1997-09-02', [9, 12, 15], [0]) },
  { name: 'every 15 minutes for 6 occurrences', start: sep2, rule: 'FREQ=MINUTELY;INTERVAL=15;COUNT=6', expected: [...times('1997-09-02', [9], [0, 15, 30, 45]), ...times('1997-09-02', [10], [0, 15])] },
  { name: 'every hour and a half for 4 occurrences', start: sep2, rule: 'FREQ=MINUTELY;INTERVAL=90;COUNT=4', expected: ['1997-09-02T09:00', '1997-09-02T10:30', '1997-09-02T12:00', '1997-09-02T13:30'] },
  {
    name: 'every 20 minutes from 9:00 AM to 4:40 PM every day (daily form)', start: sep2, rule: 'FREQ=DAILY;BYHOUR=9,10,11,12,13,14,15,16;BYMINUTE=0,20,40', open: true,
    expected: [...times('1997-09-02', range(9, 16), [0, 20, 40]), ...times('1997-09-03', range(9, 16), [0, 20, 40])],
  },
  {
    name: 'every 20 minutes from 9:00 AM to 4:40 PM every day (minutely form)', start: sep2, rule: 'FREQ=MINUTELY;INTERVAL=20;BYHOUR=9,10,11,12,13,14,15,16', open: true,
    expected: [...times('1997-09-02', range(9, 16), [0, 20, 40]), ...times('1997-09-03', range(9, 16), [0, 20, 40])],
  },
  { name: 'WKST=MO changes the days generated', start: '1997-08-05T09:00', rule: 'FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO', expected: on(1997, 8, [5, 10, 19, 24]) },
  { name: 'WKST=SU changes the days generated', start: '1997-08-05T09:00', rule: 'FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU', expected: on(1997, 8, [5, 17, 19, 31]) },
  { name: 'an invalid date (February 30) is ignored', start: '2007-01-15T09:00', rule: 'FREQ=MONTHLY;BYMONTHDAY=15,30;COUNT=5', expected: [...on(2007, 1, [15, 30]), ...on(2007, 2, [15]), ...on(2007, 3, [15, 30])] },
];

/** Rule classes the ical.js iterator hangs on or gets wrong (issue 17, item 10), with dates worked out by hand. */
export const HARD_CLASSES: RuleCase[] = [
  { name: 'DAILY with a negative month day (the last day of each month)', start: '2026-01-31T09:00', rule: 'FREQ=DAILY;BYMONTHDAY=-1', open: true, expected: [...on(2026, 1, [31]), ...on(2026, 2, [28]), ...on(2026, 3, [31]), ...on(2026, 4, [30])] },
  { name: 'DAILY with the last two days of February', start: '2026-02-27T09:00', rule: 'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=-2,-1', open: true, expected: [...on(2026, 2, [27, 28]), ...on(2027, 2, [27, 28]), ...on(2028, 2, [28, 29])] },
  {
    name: 'BYWEEKNO=1 crosses into the previous calendar year', start: '2024-12-30T09:00', rule: 'FREQ=YEARLY;BYWEEKNO=1;BYDAY=MO', open: true,
    expected: ['2024-12-30T09:00', '2025-12-29T09:00', '2027-01-04T09:00', '2028-01-03T09:00'],
  },
  { name: 'BYWEEKNO=-1 is the last week of the year', start: '2026-12-28T09:00', rule: 'FREQ=YEARLY;BYWEEKNO=-1;BYDAY=MO', open: true, expected: ['2026-12-28T09:00', '2027-12-27T09:00', '2028-12-25T09:00'] },
  { name: 'BYSETPOS on a weekly rule picks within each week', start: '2026-03-06T09:00', rule: 'FREQ=WEEKLY;BYDAY=MO,WE,FR;BYSETPOS=-1;COUNT=3', expected: ['2026-03-06T09:00', '2026-03-13T09:00', '2026-03-20T09:00'] },
  {
    name: 'HOURLY with INTERVAL keeps its own steps under BYHOUR', start: '2026-03-02T09:00', rule: 'FREQ=HOURLY;INTERVAL=5;BYHOUR=9,10,11,12,13,14,15,16,17,18,19,20;COUNT=8',
    expected: ['2026-03-02T09:00', '2026-03-02T14:00', '2026-03-02T19:00', '2026-03-03T10:00', '2026-03-03T15:00', '2026-03-03T20:00', '2026-03-04T11:00', '2026-03-04T16:00'],
  },
  {
    name: 'HOURLY with BYYEARDAY (first and last day of the year)', start: '2026-01-01T00:00', rule: 'FREQ=HOURLY;INTERVAL=6;BYYEARDAY=1,-1', open: true,
    expected: [...times('2026-01-01', [0, 6, 12, 18], [0]), ...times('2026-12-31', [0, 6], [0])],
  },
  { name: 'YEARLY on 29 February skips the years without one', start: '2024-02-29T09:00', rule: 'FREQ=YEARLY;COUNT=3', expected: ['2024-02-29T09:00', '2028-02-29T09:00', '2032-02-29T09:00'] },
  { name: 'MONTHLY on the 31st skips shorter months', start: '2026-01-31T09:00', rule: 'FREQ=MONTHLY;COUNT=4', expected: ['2026-01-31T09:00', '2026-03-31T09:00', '2026-05-31T09:00', '2026-07-31T09:00'] },
  { name: 'YEARLY on a date that never exists yields only DTSTART', start: '2026-02-01T09:00', rule: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30', expected: ['2026-02-01T09:00'] },
  { name: 'the last weekday of the month', start: '2026-01-30T09:00', rule: 'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=3', expected: ['2026-01-30T09:00', '2026-02-27T09:00', '2026-03-31T09:00'] },
];
