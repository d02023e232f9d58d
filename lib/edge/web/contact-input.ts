import * as z from 'zod';
import { TIER_NAMES, type UserSettings } from '../../core/domain/settings.js';
import { localDateOf, startOfLocalDate } from '../../core/domain/time.js';
import { badRequest } from '../http/errors.js';
import { parseInput } from '../http/request.js';
import type { ContactAction } from '../../services/contacts.js';

/**
 * Parses the dashboard's contact forms and the JSON API's contact changes into domain
 * actions. Every message here is shown to the person as is.
 */

const tier = z.enum([...TIER_NAMES, 'none'], { error: `Choose a tier: ${TIER_NAMES.join(', ')} or none.` });
const cadenceDays = z
  .number({ error: 'Cadence must be a whole number of days.' })
  .int('Cadence must be a whole number of days.')
  .min(1, 'Cadence must be at least 1 day.')
  .max(3650, 'Cadence must be at most 3650 days (ten years).');
/** The form's cadence box: empty clears the override, otherwise a whole number of days. */
const cadenceField = z
  .string()
  .trim()
  .refine((v) => v === '' || /^-?\d+$/.test(v), 'Cadence must be a whole number of days.')
  .transform((v) => (v === '' ? undefined : Number(v)))
  .pipe(cadenceDays.optional());
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Give the snooze date as YYYY-MM-DD.');

const FormSchema = z.discriminatedUnion(
  'action',
  [
    z.object({ action: z.literal('set-tier'), tier }),
    z.object({ action: z.literal('set-cadence'), cadenceDays: cadenceField }),
    z.object({ action: z.literal('snooze'), until: localDate }),
    z.object({ action: z.literal('unsnooze') }),
    z.object({ action: z.literal('ignore') }),
    z.object({ action: z.literal('unignore') }),
    z.object({ action: z.literal('follow-up-done') }),
  ],
  { error: 'Unknown action: use set-tier, set-cadence, snooze, unsnooze, ignore, unignore or follow-up-done.' },
);

/** A snooze date is a local date in the user's zone; the contact is due again when it starts. */
function snoozeUntil(date: string, settings: UserSettings, now: string): string {
  const instant = startOfLocalDate(date, settings.timeZone);
  if (!instant) throw badRequest(`${date} is not a real calendar date.`);
  if (date <= localDateOf(now, settings.timeZone)) throw badRequest('Pick a snooze date after today.');
  return instant;
}

export function contactActionFromForm(fields: Record<string, string>, settings: UserSettings, now: string): ContactAction {
  const form = parseInput(FormSchema, fields);
  switch (form.action) {
    case 'set-tier':
      return { kind: 'set-tier', tier: form.tier === 'none' ? null : form.tier };
    case 'set-cadence':
      return { kind: 'set-cadence', days: form.cadenceDays };
    case 'snooze':
      return { kind: 'snooze', until: snoozeUntil(form.until, settings, now) };
    default:
      return { kind: form.action };
  }
}

const PatchSchema = z
  .object({
    tier: tier.optional(),
    cadenceDays: cadenceDays.nullable().optional(),
    snoozedUntil: localDate.nullable().optional(),
    ignored: z.boolean({ error: 'ignored must be true or false.' }).optional(),
    followUpDone: z.literal(true, { error: 'followUpDone can only be true.' }).optional(),
  })
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'Send at least one of tier, cadenceDays, snoozedUntil, ignored, followUpDone.');

export function contactActionsFromJson(body: unknown, settings: UserSettings, now: string): ContactAction[] {
  const patch = parseInput(PatchSchema, body);
  const actions: ContactAction[] = [];
  if (patch.tier !== undefined) actions.push({ kind: 'set-tier', tier: patch.tier === 'none' ? null : patch.tier });
  if (patch.cadenceDays !== undefined) actions.push({ kind: 'set-cadence', days: patch.cadenceDays ?? undefined });
  if (patch.snoozedUntil !== undefined) {
    actions.push(patch.snoozedUntil === null ? { kind: 'unsnooze' } : { kind: 'snooze', until: snoozeUntil(patch.snoozedUntil, settings, now) });
  }
  if (patch.ignored !== undefined) actions.push({ kind: patch.ignored ? 'ignore' : 'unignore' });
  if (patch.followUpDone) actions.push({ kind: 'follow-up-done' });
  return actions;
}

