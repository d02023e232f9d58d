import type { Contact } from '../core/domain/contact.js';
import { changeTier, followUpPrompts, ignore, markFollowUpDone, setCadence, snooze, unignore, unsnooze, type FollowUpPrompt } from '../core/domain/cadence.js';
import { followUpDraft, type FollowUpDraft } from '../core/domain/follow-up-draft.js';
import { newestFirst, type Note } from '../core/domain/notes.js';
import type { TierName, UserSettings } from '../core/domain/settings.js';
import type { ContactPatch, Store } from '../core/ports/store.js';
import { ContactNotFound } from './user-data-errors.js';

/** The changes a user can make to a contact, as parsed at the edge (dashboard form or API). */
export type ContactAction =
  | { kind: 'set-tier'; tier: TierName | null }
  | { kind: 'set-cadence'; days: number | undefined }
  | { kind: 'snooze'; until: string }
  | { kind: 'unsnooze' }
  | { kind: 'ignore' }
  | { kind: 'unignore' }
  | { kind: 'follow-up-done' };

function apply(contact: Contact, action: ContactAction, settings: UserSettings, now: string): Contact {
  switch (action.kind) {
    case 'set-tier':
      return changeTier(contact, action.tier, settings);
    case 'set-cadence':
      return setCadence(contact, action.days, settings);
    case 'snooze':
      return snooze(contact, action.until);
    case 'unsnooze':
      return unsnooze(contact);
    case 'ignore':
      return ignore(contact);
    case 'unignore':
      return unignore(contact, settings);
    case 'follow-up-done':
      return markFollowUpDone(contact, now);
  }
}

const PATCHABLE = ['tier', 'cadenceDays', 'snoozedUntil', 'ignored', 'followUpDoneAt', 'nextDueAt'] as const;

/** The fields the action changed, with removed fields as `undefined` so the store drops them. */
function patchBetween(before: Contact, after: Contact): ContactPatch {
  const patch: Record<string, unknown> = {};
  for (const field of PATCHABLE) {
    if (before[field] !== after[field]) patch[field] = after[field];
  }
  return patch as ContactPatch;
}

export async function changeContact(
  store: Store,
  userId: string,
  email: string,
  actions: readonly ContactAction[],
  settings: UserSettings,
  now: string,
): Promise<Contact> {
  const before = await store.contacts.get(userId, email);
  if (!before) throw new ContactNotFound(`There is no contact ${email}.`);
  const after = actions.reduce((contact, action) => apply(contact, action, settings, now), before);
  const patch = patchBetween(before, after);
  if (Object.keys(patch).length === 0) return before;
  return store.contacts.update(userId, email, patch);
}

/** What the user does with someone from the follow-up list, in one step each. */
export type FollowUpChoice = { kind: 'add-to-tier'; tier: TierName } | { kind: 'dismiss' } | { kind: 'done' };

/**
 * Adding to a tier starts tracking the person (due a cadence after they met) and clears the
 * prompt; dismissing clears the prompt and leaves them untracked; done is "I followed up".
 */
export function triageFollowUp(store: Store, userId: string, email: string, choice: FollowUpChoice, settings: UserSettings, now: string): Promise<Contact> {
  const actions: ContactAction[] =
    choice.kind === 'add-to-tier' ? [{ kind: 'set-tier', tier: choice.tier }, { kind: 'follow-up-done' }] : [{ kind: 'follow-up-done' }];
  return changeContact(store, userId, email, actions, settings, now);
}

export async function deleteContact(store: Store, userId: string, email: string): Promise<void> {
  if ((await store.contacts.delete(userId, email)) === 'already-gone') throw new ContactNotFound(`There is no contact ${email}.`);
}

export function listContacts(store: Pick<Store, 'contacts'>, userId: string): Promise<Contact[]> {
  return store.contacts.list(userId);
}

/** Tracked contacts due by `now`. */
export function dueContacts(store: Pick<Store, 'contacts'>, userId: string, now: string): Promise<Contact[]> {
  return store.contacts.due(userId, now);
}

/** People met for the first time lately and not yet triaged, with the note to send each. */
export async function followUpsOf(store: Pick<Store, 'contacts'>, userId: string, now: string): Promise<(FollowUpPrompt & { draft: FollowUpDraft })[]> {
  const prompts = followUpPrompts(await store.contacts.list(userId), now);
  return prompts.map((prompt) => ({ ...prompt, draft: followUpDraft(prompt.contact) }));
}

/** A contact's notes, newest first; `ContactNotFound` when there is no such contact. */
export async function notesAbout(store: Pick<Store, 'contacts' | 'notes'>, userId: string, email: string): Promise<Note[]> {
  if (!(await store.contacts.get(userId, email))) throw new ContactNotFound(`There is no contact ${email}.`);
  return newestFirst(await store.notes.listFor(userId, email));
}
