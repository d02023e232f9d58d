import { describe, expect, it } from 'vitest';
import { isLoopbackHost, openBindProblem } from '../../lib/local/bind-address.js';

describe('where npm start may listen', () => {
  it('accepts loopback addresses in local mode', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1']) {
      expect(isLoopbackHost(host)).toBe(true);
      expect(openBindProblem(host, 'local')).toBeNull();
    }
  });

  it('refuses an address other machines can reach when there is no sign-in, and names the way out', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'rapport.example', '127.0.0.1.evil.example']) {
      expect(openBindProblem(host, 'local')).toMatch(/no sign-in.*127\.0\.0\.1.*RAPPORT_AUTH=session/);
      expect(openBindProblem(host, 'session')).toBeNull();
    }
  });
});
