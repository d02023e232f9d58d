import { describe, expect, it } from 'vitest';
import { formatCoffeeWindow, parseCoffeeWindow } from '../../../lib/core/domain/coffee.js';

describe('coffee windows as people write them', () => {
  it.each([
    ['tue 08:30-10:00', { day: 'tue', start: '08:30', end: '10:00' }],
    ['Tuesday 8:30 - 10:00', { day: 'tue', start: '08:30', end: '10:00' }],
    ['  FRI 15:00-17:00 ', { day: 'fri', start: '15:00', end: '17:00' }],
    ['sun 00:00-23:59', { day: 'sun', start: '00:00', end: '23:59' }],
  ])('reads %j', (text, window) => {
    expect(parseCoffeeWindow(text)).toEqual({ window });
  });

  it.each([
    ['tues 08:30-10:00', /a day \(mon\.\.sun\)/],
    ['tue 8-10', /24-hour time range/],
    ['tue 08:30-24:00', /24-hour time range/],
    ['tue 08:60-10:00', /24-hour time range/],
    ['tue 10:00-08:30', /must end after it starts/],
    ['tue 10:00-10:00', /must end after it starts/],
  ])('refuses %j with the reason', (text, reason) => {
    const parsed = parseCoffeeWindow(text);
    expect(parsed).toHaveProperty('problem');
    expect((parsed as { problem: string }).problem).toMatch(reason);
  });

  it('formats a window so that it reads back the same', () => {
    const window = { day: 'wed', start: '07:05', end: '09:45' } as const;
    expect(parseCoffeeWindow(formatCoffeeWindow(window))).toEqual({ window });
  });
});
