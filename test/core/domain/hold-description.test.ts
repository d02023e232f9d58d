import { describe, expect, it } from 'vitest';
import { holdDescription } from '../../../lib/core/domain/hold-description.js';

describe('the hold description', () => {
  it('lists the latest notes after the booking link, one line each', () => {
    expect(holdDescription('Omar', 'https://r.example/book/t', ['moved\nto Lisbon', 'oat milk'])).toBe(
      'Rapport offered this time to Omar. Booking link to send: https://r.example/book/t\n\nYour notes about Omar (private, only on your calendar):\n- moved to Lisbon\n- oat milk',
    );
    expect(holdDescription('Omar', 'L', [])).toBe('Rapport offered this time to Omar. Booking link to send: L');
  });
});
