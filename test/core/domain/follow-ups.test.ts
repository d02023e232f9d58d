import { describe, expect, it } from 'vitest';
import { followUpPrompts, ignore, markFollowUpDone } from '../../../lib/core/domain/cadence.js';
import { aContact, daysAfter, hoursAfter, NOW } from './builders.js';

const metAt = (firstMetAt: string, email = 'ana@people.example') => aContact({ email, firstMetAt, lastMetAt: firstMetAt });

describe('follow-up prompts after a first meeting', () => {
  it('prompts to follow up within a day of meeting someone new', () => {
    const yesterday = hoursAfter(NOW, -20);
    const [prompt] = followUpPrompts([metAt(yesterday)], NOW);
    expect(prompt).toEqual({ contact: metAt(yesterday), followUpBy: hoursAfter(yesterday, 24) });
  });

  it('keeps the prompt for two days, up to and including the second day', () => {
    expect(followUpPrompts([metAt(daysAfter(NOW, -2))], NOW)).toHaveLength(1);
    expect(followUpPrompts([metAt(hoursAfter(daysAfter(NOW, -2), -1))], NOW)).toEqual([]);
    expect(followUpPrompts([metAt(NOW)], NOW)).toHaveLength(1);
  });

  it('does not prompt for a first meeting still in the future', () => {
    expect(followUpPrompts([metAt(hoursAfter(NOW, 1))], NOW)).toEqual([]);
  });

  it('the window can be widened', () => {
    expect(followUpPrompts([metAt(daysAfter(NOW, -5))], NOW, { windowDays: 7 })).toHaveLength(1);
  });

  it('marking the follow-up done removes the prompt', () => {
    expect(followUpPrompts([markFollowUpDone(metAt(hoursAfter(NOW, -3)), NOW)], NOW)).toEqual([]);
  });

  it('never prompts for someone ignored', () => {
    expect(followUpPrompts([ignore(metAt(hoursAfter(NOW, -3)))], NOW)).toEqual([]);
  });

  it('prompts for people met at a networking event even before they have a tier', () => {
    const fromMeetup = aContact({ tier: null, nextDueAt: null, firstMetAt: hoursAfter(NOW, -3), lastMetAt: undefined });
    expect(followUpPrompts([fromMeetup], NOW)).toHaveLength(1);
  });

  it('lists the most recently met first, ties by email', () => {
    const prompts = followUpPrompts(
      [metAt(hoursAfter(NOW, -30), 'a@people.example'), metAt(hoursAfter(NOW, -2), 'c@people.example'), metAt(hoursAfter(NOW, -2), 'b@people.example')],
      NOW,
    );
    expect(prompts.map((p) => p.contact.email)).toEqual(['b@people.example', 'c@people.example', 'a@people.example']);
  });
});
