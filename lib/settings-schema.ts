import { z } from 'zod';
import { DEFAULT_SMALL_MEETING_MAX_PEOPLE, DEFAULT_TIER_CADENCE_DAYS, TIER_NAMES, type UserSettings } from './domain/settings.js';
import { isValidTimeZone } from './domain/time.js';

/**
 * The user's settings as they arrive from outside (a settings file, a form): validated with
 * messages a person can act on, normalised (emails lowercased), defaults filled in.
 */
const email = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/, 'must be an email address like alex@example.com');
const tier = z.enum(TIER_NAMES, { error: `must be one of ${TIER_NAMES.join(', ')}` });
const days = z.number().int().min(1).max(3650);

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
});

export class InvalidSettings extends Error {
  override name = 'InvalidSettings';
}

export function parseUserSettings(input: unknown, origin = 'settings'): UserSettings {
  const result = UserSettingsSchema.safeParse(input);
  if (result.success) return result.data as UserSettings;
  const problems = result.error.issues.map((i) => `${i.path.join('.') || '(top level)'} ${i.message}`);
  throw new InvalidSettings(`Invalid ${origin}: ${problems.join('; ')}`);
}
