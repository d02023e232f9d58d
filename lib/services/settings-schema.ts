import * as z from 'zod';
import { isEmailAddress } from '../core/domain/email-address.js';
import { DEFAULT_COFFEE_SETTINGS, WEEKDAYS } from '../core/domain/coffee.js';
import { DEFAULT_MAIL_SETTINGS } from '../core/domain/mail/mail-settings.js';
import { isVideoLink, MEETING_KINDS, meetingKindOf } from '../core/domain/meeting-place.js';
import { DEFAULT_SMALL_MEETING_MAX_PEOPLE, DEFAULT_TIER_CADENCE_DAYS, TIER_NAMES, type UserSettings } from '../core/domain/settings.js';
import { isValidTimeZone } from '../core/domain/zones.js';

/**
 * The user's settings as they arrive from outside (a settings file, a form): validated with
 * messages a person can act on, normalised (emails lowercased), defaults filled in.
 */
const email = z
  .string()
  .trim()
  .toLowerCase()
  .refine(isEmailAddress, 'must be an email address like alex@example.com');
const tier = z.enum(TIER_NAMES, { error: `must be one of ${TIER_NAMES.join(', ')}` });
const days = z.number().int().min(1).max(3650);

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time like 08:30 (24-hour)');
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export const CoffeeWindowSchema = z
  .object({ day: z.enum(WEEKDAYS, { error: `must be one of ${WEEKDAYS.join(', ')}` }), start: clock, end: clock })
  .strict()
  .refine((w) => minutesOf(w.end) > minutesOf(w.start), 'a window must end after it starts');

const whole = (min: number, max: number, unit: string) =>
  z.number({ error: `must be a number of ${unit}` }).int(`must be a whole number of ${unit}`).min(min, `must be at least ${min} ${unit}`).max(max, `must be at most ${max} ${unit}`);

export const CoffeeSettingsSchema = z
  .object({
    windows: z.array(CoffeeWindowSchema).min(1, 'add at least one coffee window').max(50),
    durationMinutes: whole(5, 240, 'minutes'),
    stepMinutes: whole(5, 120, 'minutes'),
    bufferBeforeMinutes: whole(0, 240, 'minutes'),
    bufferAfterMinutes: whole(0, 240, 'minutes'),
    minimumNoticeHours: whole(0, 720, 'hours'),
    horizonDays: whole(1, 90, 'days'),
    maxPerDay: whole(1, 10, 'coffees'),
    maxPerWeek: whole(1, 50, 'coffees'),
    optionsPerProposal: whole(1, 10, 'options'),
    meeting: z.enum(MEETING_KINDS, { error: `must be one of ${MEETING_KINDS.join(', ')}` }),
    location: z
      .string()
      .trim()
      .max(300, 'must be at most 300 characters')
      // It becomes an event's location line and an .ics property: one line of text.
      .refine((text) => !/[\u0000-\u001f\u007f]/.test(text), 'must be one line, without control characters'),
    linkLifetimeDays: whole(1, 60, 'days'),
    proposalHour: whole(0, 23, 'hours'),
  })
  .strict()
  .refine((c) => c.windows.some((w) => minutesOf(w.end) - minutesOf(w.start) >= c.durationMinutes), {
    message: 'no coffee window is long enough for a coffee of this duration',
    path: ['windows'],
  })
  .refine((c) => c.meeting !== 'video-link' || isVideoLink(c.location), {
    message: 'must be your video link starting with https://, like https://meet.example.com/alex (a web address, without spaces)',
    path: ['location'],
  });

export const MailSettingsSchema = z
  .object({
    digest: z.boolean({ error: 'must be on or off' }),
    digestWeekday: z.enum(WEEKDAYS, { error: `must be one of ${WEEKDAYS.join(', ')}` }),
    digestHour: whole(0, 23, 'hours'),
    followUpMail: z.boolean({ error: 'must be on or off' }),
    autoSendLink: z.boolean({ error: 'must be on or off' }),
  })
  .strict();
const NAME_MAX = 100;

/** How the host is named to guests: on the booking page and as the invitation's organizer. */
const displayName = z
  .string({ error: 'must be text' })
  .trim()
  .max(NAME_MAX, `must be at most ${NAME_MAX} characters`)
  // It goes into an invitation's title and organizer: a line break there would be a new property.
  .refine((name) => !/[\u0000-\u001f\u007f]/.test(name), 'must be one line, without control characters');

export const UserSettingsSchema = z.object({
  ownerEmails: z.array(email).min(1, 'list at least one of your own email addresses'),
  timeZone: z.string().refine(isValidTimeZone, 'must be an IANA time zone such as Europe/London'),
  tierCadenceDays: z
    .object({ close: days.optional(), 'keep-warm': days.optional(), acquaintance: days.optional() })
    .strict()
    .default({})
    .transform((given) => ({ ...DEFAULT_TIER_CADENCE_DAYS, ...given })),
  defaultTier: tier.default('acquaintance'),
  tierByEmail: z
    .record(z.string(), tier)
    .default({})
    .transform((map) => Object.fromEntries(Object.entries(map).map(([k, v]) => [k.trim().toLowerCase(), v]))),
  smallMeetingMaxPeople: z.number().int().min(1).max(1000).default(DEFAULT_SMALL_MEETING_MAX_PEOPLE),
  coffee: z
    .object(Object.fromEntries(Object.keys(DEFAULT_COFFEE_SETTINGS).map((k) => [k, z.unknown()])))
    .partial()
    .default({})
    // A file or profile from before the choice existed says only `location`: a link there was meant as one.
    .transform((given) => ({ ...DEFAULT_COFFEE_SETTINGS, ...given, meeting: given.meeting ?? meetingKindOf({ location: typeof given.location === 'string' ? given.location : '' }) }))
    .pipe(CoffeeSettingsSchema),
  mail: z
    .object(Object.fromEntries(Object.keys(DEFAULT_MAIL_SETTINGS).map((k) => [k, z.unknown()])))
    .partial()
    .default({})
    .transform((given) => ({ ...DEFAULT_MAIL_SETTINGS, ...given }))
    .pipe(MailSettingsSchema),
  feedGeneration: z.number().int().min(0).optional(),
  displayName: displayName.optional(),
});

export class InvalidSettings extends Error {
  override name = 'InvalidSettings';
}

export function parseUserSettings(input: unknown, origin = 'settings'): UserSettings {
  const result = UserSettingsSchema.safeParse(input);
  if (result.success) {
    // An empty name is no name: the pages fall back to the address.
    const { displayName: name, ...rest } = result.data;
    return (name ? { ...rest, displayName: name } : rest) as UserSettings;
  }
  const problems = result.error.issues.map((i) => `${i.path.join('.') || '(top level)'} ${i.message}`);
  throw new InvalidSettings(`Invalid ${origin}: ${problems.join('; ')}`);
}
