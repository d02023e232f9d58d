/**
 * The intro and help log: the favours that went either way between the user and the people
 * they know ("introduced Jane to Omar", "Omar referred a client"). Deliberately only a record
 * of what happened: the essays Rapport grew from say keeping score is what not to do, so
 * nothing here counts, weighs or balances entries.
 */

export const INTRO_MAX_CHARS = 500;

export const INTRO_KINDS = ['introduced', 'referred', 'helped', 'was-helped', 'shared'] as const;
export type IntroKind = (typeof INTRO_KINDS)[number];

/** Words for the timeline: what happened, never who owes whom. */
export const INTRO_KIND_LABELS: Record<IntroKind, string> = {
  introduced: 'Introduced',
  referred: 'Referred',
  helped: 'Helped',
  'was-helped': 'Was helped by',
  shared: 'Shared something with',
};

/** One entry of the intro and help log ("introduced Jane to Omar", "Omar referred a client"). */
export interface Intro {
  id: string;
  /** Lowercased email of the contact the entry is recorded against. */
  contactEmail: string;
  kind: IntroKind;
  /** The other person involved (e.g. who Jane was introduced to), when there is one. */
  otherEmail?: string;
  text: string;
  /** When it happened, as the user says (defaults to when it was logged). */
  at: string;
  createdAt: string;
}
