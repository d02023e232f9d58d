import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openOAuthState, sealOAuthState } from '../../../lib/edge/http/oauth-state.js';

const key = randomBytes(32);
const state = { state: 'S'.repeat(32), verifier: 'V'.repeat(64), intent: { kind: 'connect' as const, userId: 'local' }, expiresAt: Date.parse('2026-11-23T12:10:00.000Z') };
const at = Date.parse('2026-11-23T12:00:00.000Z');

describe('OAuth state cookie', () => {
  it('opens what it sealed, until it expires', () => {
    const sealed = sealOAuthState(key, state);
    expect(openOAuthState(key, sealed, at)).toEqual(state);
    expect(openOAuthState(key, sealed, state.expiresAt + 1)).toBeNull();
  });

  it('refuses a changed payload, another key, or garbage', () => {
    const sealed = sealOAuthState(key, state);
    const [payload, signature] = sealed.split('.') as [string, string];
    const changed = Buffer.from(JSON.stringify({ ...state, intent: { kind: 'connect', userId: 'someone-else' } })).toString('base64url');
    expect(openOAuthState(key, `${changed}.${signature}`, at)).toBeNull();
    expect(openOAuthState(randomBytes(32), sealed, at)).toBeNull();
    expect(openOAuthState(key, `${payload}`, at)).toBeNull();
    expect(openOAuthState(key, undefined, at)).toBeNull();
    expect(openOAuthState(key, 'a.b.c', at)).toBeNull();
  });
});
