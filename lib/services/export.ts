import * as z from 'zod';
import { isEmailAddress } from '../core/domain/email-address.js';
import { canonicalJsonOf, compareText } from '../core/domain/canonical-json.js';
import type { Contact, Meeting } from '../core/domain/contact.js';
import { INTRO_KINDS, INTRO_MAX_CHARS, type Intro } from '../core/domain/introductions.js';
import { NOTE_MAX_CHARS, type Note } from '../core/domain/notes.js';
import { TIER_NAMES, type UserSettings } from '../core/domain/settings.js';
import { UserSettingsSchema } from './settings-schema.js';
import type { Store } from '../core/ports/store.js';

/**
 * All of a user's own data as one JSON document, and its way back into an empty store.
 * What is in it: settings, contacts, meetings, notes, the intro/help log. What is not:
 * calendar connections (their sources may be private feed URLs), credentials and tokens,
 * stored events and proposals (sync and the proposer rebuild those).
 */

export const EXPORT_FORMAT = 'rapport-export';
export const EXPORT_VERSION = 1;

export interface UserExport {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exportedAt: string;
  settings: UserSettings | null;
  contacts: Contact[];
  meetings: Meeting[];
  notes: Note[];
  intros: Intro[];
}

const byIds = (a: { contactEmail: string; id: string }, b: { contactEmail: string; id: string }) =>
  compareText(a.contactEmail, b.contactEmail) || compareText(a.id, b.id);

/** Everything of the user's that an export carries (and an import must find absent). */
async function readUserData(store: Store, userId: string) {
  const [settings, contacts, meetings, notes, intros] = await Promise.all([
    store.profiles.get(userId),
    store.contacts.list(userId),
    store.meetings.list(userId),
    store.notes.list(userId),
    store.intros.list(userId),
  ]);
  return { settings, contacts, meetings, notes, intros };
}

export async function exportUserData(store: Store, userId: string, now: string): Promise<UserExport> {
  const { settings, contacts, meetings, notes, intros } = await readUserData(store, userId);
  const data: UserExport = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: now,
    settings,
    contacts: contacts.sort((a, b) => compareText(a.email, b.email)),
    meetings,
    notes: notes.sort(byIds),
    intros: intros.sort(byIds),
  };
  // Keys in a fixed order (DynamoDB returns attributes in any order): the same data always
  // gives the same file, so two exports can be compared byte for byte.
  return JSON.parse(canonicalJsonOf(data)) as UserExport;
}

export class StoreNotEmpty extends Error {
  override name = 'StoreNotEmpty';
}
export class InvalidExport extends Error {
  override name = 'InvalidExport';
}

const instant = z.string().refine((v) => !Number.isNaN(Date.parse(v)) && /(Z|[+-]\d\d:?\d\d)$/.test(v), 'must be an ISO instant with a zone');
const email = z.string().refine(isEmailAddress, 'must be an email address');

const ContactSchema = z
  .object({
    email,
    name: z.string().optional(),
    nameSeenAt: instant.optional(),
    tier: z.enum(TIER_NAMES).nullable(),
    cadenceDays: z.number().int().min(1).optional(),
    firstMetAt: instant.optional(),
    lastMetAt: instant.optional(),
    nextDueAt: instant.nullable(),
    snoozedUntil: instant.optional(),
    ignored: z.boolean(),
    followUpDoneAt: instant.optional(),
    firstMetAtTitle: z.string().optional(),
  })
  .strict();

const MeetingSchema = z
  .object({
    instanceKey: z.string().min(1),
    uid: z.string(),
    start: instant,
    end: instant,
    title: z.string().optional(),
    with: z.array(z.string()),
    names: z.record(z.string(), z.string()),
    size: z.enum(['small', 'large']),
  })
  .strict();

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be letters, digits, - or _ (at most 64)');

const NoteSchema = z
  .object({
    id,
    contactEmail: email,
    text: z.string().min(1).max(NOTE_MAX_CHARS),
    createdAt: instant,
    updatedAt: instant.optional(),
    meetingKey: z.string().optional(),
  })
  .strict();

const IntroSchema = z
  .object({
    id,
    contactEmail: email,
    kind: z.enum(INTRO_KINDS),
    otherEmail: email.optional(),
    text: z.string().min(1).max(INTRO_MAX_CHARS),
    at: instant,
    createdAt: instant,
  })
  .strict();

const ExportSchema = z
  .object({
    format: z.literal(EXPORT_FORMAT),
    version: z.literal(EXPORT_VERSION),
    exportedAt: instant,
    settings: z.record(z.string(), z.unknown()).nullable(),
    contacts: z.array(ContactSchema),
    meetings: z.array(MeetingSchema),
    notes: z.array(NoteSchema),
    intros: z.array(IntroSchema),
  })
  .strict();

/** Every settings field, as a record so that a field added to UserSettings cannot be left out of a restore. */
const SETTINGS_FIELD_SET: Record<keyof UserSettings, true> = {
  ownerEmails: true,
  timeZone: true,
  tierCadenceDays: true,
  defaultTier: true,
  tierByEmail: true,
  smallMeetingMaxPeople: true,
  coffee: true,
  mail: true,
  feedGeneration: true,
  displayName: true,
};
const SETTINGS_FIELDS = Object.keys(SETTINGS_FIELD_SET) as (keyof UserSettings)[];

function problemsOf(error: z.ZodError, prefix = ''): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${prefix}${issue.path.join('.') || '(top)'}: ${issue.message}`)
    .join('; ');
}

/**
 * Settings are checked with the settings schema but restored as exported: the schema fills in
 * defaults (coffee rules) that a profile stored before them does not have, and a restore must
 * give back exactly what was exported.
 */
function settingsOf(raw: Record<string, unknown> | null): UserSettings | null {
  if (raw === null) return null;
  const result = UserSettingsSchema.safeParse(raw);
  if (!result.success) throw new InvalidExport(`The export's settings are not valid: ${problemsOf(result.error, 'settings.')}`);
  return Object.fromEntries(SETTINGS_FIELDS.filter((k) => raw[k] !== undefined).map((k) => [k, raw[k]])) as unknown as UserSettings;
}

export function parseExport(input: unknown): UserExport {
  const result = ExportSchema.safeParse(input);
  if (!result.success) throw new InvalidExport(`This is not a Rapport export (version ${EXPORT_VERSION}): ${problemsOf(result.error)}`);
  return { ...(result.data as Omit<UserExport, 'settings'>), settings: settingsOf(result.data.settings) };
}

export interface ImportReport {
  contacts: number;
  meetings: number;
  notes: number;
  intros: number;
}

/**
 * Restores an export into an empty store. Refuses when the user already has any data: merging
 * two histories would silently mix cadences and notes, and nothing here could undo that.
 */
export async function importUserData(store: Store, userId: string, data: UserExport): Promise<ImportReport> {
  const { settings, contacts, meetings, notes, intros } = await readUserData(store, userId);
  const present = [settings ? 'settings' : '', contacts.length ? 'contacts' : '', meetings.length ? 'meetings' : '', notes.length ? 'notes' : '', intros.length ? 'intros' : ''].filter(Boolean);
  if (present.length > 0) {
    throw new StoreNotEmpty(`The store already holds data for this user (${present.join(', ')}); import only restores into an empty store.`);
  }
  await Promise.all([
    store.contacts.putMany(userId, data.contacts),
    store.meetings.putMany(userId, data.meetings),
    store.notes.putMany(userId, data.notes),
    store.intros.putMany(userId, data.intros),
  ]);
  // Settings last: a store with settings counts as set up, so a failed import is not mistaken for a finished one.
  if (data.settings) await store.profiles.put(userId, data.settings);
  return { contacts: data.contacts.length, meetings: data.meetings.length, notes: data.notes.length, intros: data.intros.length };
}
