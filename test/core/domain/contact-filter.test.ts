import { describe, expect, it } from 'vitest';
import type { Contact } from '../../../lib/core/domain/contact.js';
import { filterContacts, isFiltering, NEW_CONTACT_DAYS, type ContactFilter } from '../../../lib/core/domain/contact-filter.js';
import { daysAfter, NOW } from './builders.js';

function contact(email: string, overrides: Partial<Contact> = {}): Contact {
  return { email, tier: 'keep-warm', firstMetAt: daysAfter(NOW, -400), lastMetAt: daysAfter(NOW, -100), nextDueAt: daysAfter(NOW, -10), ignored: false, ...overrides };
}

const ines = contact('ines@lisbon.example', { name: 'Inês Carvalho', tier: 'close' });
const mueller = contact('k.mueller@berlin.example', { name: 'Klaus Müller', nextDueAt: daysAfter(NOW, 20) });
const snoozed = contact('sam@snooze.example', { name: 'Sam Okafor', snoozedUntil: daysAfter(NOW, 3) });
const ignored = contact('ivy@ignored.example', { ignored: true, nextDueAt: null });
const newcomer = contact('nadia@meetup.example', { name: 'Nadia Hussein', tier: null, nextDueAt: null, firstMetAt: daysAfter(NOW, -2), lastMetAt: undefined });
const metLastMonth = contact('old@meetup.example', { tier: 'acquaintance', firstMetAt: daysAfter(NOW, -(NEW_CONTACT_DAYS + 1)) });
const ALL = [ines, mueller, snoozed, ignored, newcomer, metLastMonth];

const emails = (filter: ContactFilter) => filterContacts(ALL, filter, NOW).map((c) => c.email);

describe('the contact list filter', () => {
  it('keeps everyone, in the order given, when nothing is asked', () => {
    expect(emails({})).toEqual(ALL.map((c) => c.email));
    expect(emails({ search: '   ' })).toEqual(ALL.map((c) => c.email));
    expect(isFiltering({ search: '  ' })).toBe(false);
  });

  it('finds a person by part of the name or the address, ignoring case and accents', () => {
    expect(emails({ search: 'ines' })).toEqual([ines.email]);
    expect(emails({ search: 'MÜLLER' })).toEqual([mueller.email]);
    expect(emails({ search: 'muller' })).toEqual([mueller.email]);
    expect(emails({ search: 'berlin.example' })).toEqual([mueller.email]);
    expect(emails({ search: '@meetup' })).toEqual([newcomer.email, metLastMonth.email]);
  });

  it('needs every word of the search to match, in any order', () => {
    expect(emails({ search: 'carvalho ines' })).toEqual([ines.email]);
    expect(emails({ search: 'ines müller' })).toEqual([]);
  });

  it('treats the search as text, never as a pattern', () => {
    expect(emails({ search: '.*' })).toEqual([]);
    expect(emails({ search: '(' })).toEqual([]);
  });

  it('"due" keeps only the contacts due now: not snoozed, not ignored, not untracked, not due later', () => {
    expect(emails({ due: true })).toEqual([ines.email, metLastMonth.email]);
  });

  it('filters by tier, and "none" finds the people in no tier', () => {
    expect(emails({ tier: 'close' })).toEqual([ines.email]);
    expect(emails({ tier: 'acquaintance' })).toEqual([metLastMonth.email]);
    expect(emails({ tier: 'none' })).toEqual([newcomer.email]);
  });

  it(`"new" keeps the people first met in the last ${NEW_CONTACT_DAYS} days, never a meeting still ahead`, () => {
    expect(emails({ new: true })).toEqual([newcomer.email]);
    const exactlyAtTheEdge = contact('edge@example.com', { firstMetAt: daysAfter(NOW, -NEW_CONTACT_DAYS) });
    const ahead = contact('ahead@example.com', { firstMetAt: daysAfter(NOW, 1) });
    expect(filterContacts([exactlyAtTheEdge, ahead], { new: true }, NOW).map((c) => c.email)).toEqual([exactlyAtTheEdge.email]);
  });

  it('combines the search and the filters: all of them must hold', () => {
    expect(emails({ search: 'example', tier: 'keep-warm', due: true })).toEqual([]);
    expect(emails({ search: 'meetup', new: true })).toEqual([newcomer.email]);
    expect(emails({ search: 'meetup', due: true, tier: 'acquaintance' })).toEqual([metLastMonth.email]);
    expect(isFiltering({ tier: 'none' })).toBe(true);
  });
});
