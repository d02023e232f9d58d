/**
 * Locally nobody signs in: whoever reaches the server is the local user. So `npm start` serves
 * on the loopback interface only, unless the sessions of the cloud (RAPPORT_AUTH=session)
 * guard the dashboard.
 */

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Why binding to `host` is refused, or null when it is fine. */
export function openBindProblem(host: string, auth: 'local' | 'session'): string | null {
  if (auth === 'session' || isLoopbackHost(host)) return null;
  return `RAPPORT_HOST=${host} would let anyone on the network act as you: a local Rapport has no sign-in. Keep it on 127.0.0.1 (or set RAPPORT_AUTH=session).`;
}
