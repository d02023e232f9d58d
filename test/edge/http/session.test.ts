import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../lib/runtime/config.js';
import { SignInRequired } from '../../../lib/edge/http/errors.js';
import { openCookieValue, sealCookieValue } from '../../../lib/edge/http/sealed-cookie.js';
import { clearSessionCookie, newSession, openSession, SESSION_COOKIE, SESSION_LIFETIME_SECONDS, sessionCookie } from '../../../lib/edge/http/session.js';
import { userIdFor } from '../../../lib/edge/http/user.js';

const key = randomBytes(32);
const NOW = '2026-11-23T12:00:00.000Z';
const at = Date.parse(NOW);
const session = newSession('u_alice', 'alice@example.com', at);

/** The cookie's value as the browser sends it back. */
const valueOf = (setCookie: string) => setCookie.slice(`${SESSION_COOKIE}=`.length).split(';')[0]!;

describe('the session cookie', () => {
  it('opens to the user it was sealed for, and says nothing readable about them', () => {
    const header = sessionCookie(key, session, at, { secure: false });
    expect(openSession(key, valueOf(header), at)).toEqual(session);
    expect(header).not.toContain('alice');
    expect(header).not.toContain('u_alice');
  });

  it('is HttpOnly, SameSite=Lax, for the whole site, Secure only over https, and lives 7 days', () => {
    const plain = sessionCookie(key, session, at, { secure: false });
    expect(plain).toMatch(/; Path=\/; Max-Age=604800; HttpOnly; SameSite=Lax$/);
    expect(sessionCookie(key, session, at, { secure: true })).toMatch(/; HttpOnly; SameSite=Lax; Secure$/);
    expect(SESSION_LIFETIME_SECONDS).toBe(7 * 24 * 3600);
    expect(clearSessionCookie({ secure: true })).toBe(`${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure`);
  });

  it('expires after 7 days however it is used (absolute, not sliding)', () => {
    const value = valueOf(sessionCookie(key, session, at, { secure: false }));
    expect(openSession(key, value, session.expiresAtMs - 1)).not.toBeNull();
    expect(openSession(key, value, session.expiresAtMs)).toBeNull();
    // A later Max-Age is only the browser's hint: the sealed expiry is what counts.
    expect(sessionCookie(key, session, session.expiresAtMs - 1000, { secure: false })).toContain('Max-Age=1;');
  });

  it('refuses an altered cookie, another key, garbage and a missing cookie', () => {
    const value = valueOf(sessionCookie(key, session, at, { secure: false }));
    const parts = value.split('.');
    for (let i = 0; i < parts.length; i++) {
      const altered = [...parts];
      const chars = [...altered[i]!];
      chars[3] = chars[3] === 'A' ? 'B' : 'A';
      altered[i] = chars.join('');
      expect(openSession(key, altered.join('.'), at)).toBeNull();
    }
    expect(openSession(randomBytes(32), value, at)).toBeNull();
    expect(openSession(key, 'not.a.session', at)).toBeNull();
    expect(openSession(key, '', at)).toBeNull();
    expect(openSession(key, undefined, at)).toBeNull();
  });

  it('is sealed for its purpose: an OAuth cookie does not open as a session, nor a session as an OAuth cookie', () => {
    const oauthSealed = sealCookieValue(key, 'microsoft-oauth', session);
    expect(openSession(key, oauthSealed, at)).toBeNull();
    const sessionSealed = valueOf(sessionCookie(key, session, at, { secure: false }));
    expect(openCookieValue(key, 'microsoft-oauth', sessionSealed)).toBeNull();
  });

  it('refuses a sealed value that is not a well-formed session', () => {
    for (const bad of [{ ...session, userId: 'USER#other' }, { ...session, userId: '' }, { userId: 'u_alice', expiresAtMs: session.expiresAtMs }, { ...session, expiresAtMs: 'never' }, 'u_alice']) {
      expect(openSession(key, sealCookieValue(key, 'session', bad), at)).toBeNull();
    }
  });
});

function eventWith(cookies: string[] | undefined): APIGatewayProxyEventV2 {
  return { rawPath: '/api/contacts', cookies, headers: {}, requestContext: { http: { method: 'GET' } } } as unknown as APIGatewayProxyEventV2;
}

describe('whose data a request touches', () => {
  const hex = key.toString('hex');
  const local = parseConfig({ RAPPORT_SIGNING_KEY: hex, RAPPORT_LOCAL_USER: 'me' });
  const cloud = parseConfig({ RAPPORT_SIGNING_KEY: hex, RAPPORT_AUTH: 'session' });
  const signedIn = [`${SESSION_COOKIE}=${valueOf(sessionCookie(key, session, at, { secure: true }))}`];

  it('locally: always the one local user, whatever the request carries', () => {
    expect(userIdFor(eventWith(undefined), local, NOW)).toBe('me');
    expect(userIdFor(eventWith(signedIn), local, NOW)).toBe('me');
  });

  it("in the cloud: the session's user, and without a live session, SignInRequired (401)", () => {
    expect(userIdFor(eventWith(signedIn), cloud, NOW)).toBe('u_alice');
    expect(() => userIdFor(eventWith(undefined), cloud, NOW)).toThrow(SignInRequired);
    expect(() => userIdFor(eventWith([`${SESSION_COOKIE}=%E0%A4%A`]), cloud, NOW)).toThrow(SignInRequired);
    expect(() => userIdFor(eventWith(signedIn), cloud, new Date(session.expiresAtMs).toISOString())).toThrow(SignInRequired);
    expect(new SignInRequired().status).toBe(401);
  });

  it('refuses to start in session mode without a signing key', () => {
    expect(() => parseConfig({ RAPPORT_AUTH: 'session' })).toThrow(/RAPPORT_AUTH=session needs RAPPORT_SIGNING_KEY/);
  });
});
