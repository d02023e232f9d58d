/**
 * Which `Host` a server answers to. A browser treats a page on a DNS-rebinding domain
 * (evil.example resolving to 127.0.0.1) as same-origin with everything served under that name,
 * so a local dashboard that answered any Host would hand its data and its forms to any web
 * page the user visits. The Host header is the one thing such a page cannot forge; checking it
 * before any route closes the hole (RFC 9110 §7.2, §15.5.20: 421 Misdirected Request).
 */

export type HostVerdict = { ok: true } | { ok: false; status: 400 | 421; message: string };

export interface HostPolicy {
  /** Host names (lowercase, IPv6 in brackets) answered on `port`. */
  names: ReadonlySet<string>;
  /** The port a request's Host must name; with it the default port may be left out. */
  port: number;
  /** The scheme's default port (80 for http, 443 for https), which a Host may omit. */
  defaultPort: number;
}

/** The loopback names a local server answers to, and nothing else: never a name it was reached under through DNS. */
export const LOOPBACK_NAMES: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/** The names and port of a base URL (`https://rapport.example.com`), for the cloud and a signed-in shared server. */
export function hostPolicyOf(baseUrl: URL, extraNames: readonly string[] = []): HostPolicy {
  const defaultPort = baseUrl.protocol === 'https:' ? 443 : 80;
  const port = baseUrl.port ? Number(baseUrl.port) : defaultPort;
  return { names: new Set([baseUrl.hostname.toLowerCase(), ...extraNames]), port, defaultPort };
}

/**
 * Checks the request's Host values (every `Host` header it carried: more than one is refused,
 * as RFC 9112 §3.2 requires a 400 for).
 */
export function checkHost(hostValues: readonly string[], policy: HostPolicy): HostVerdict {
  if (hostValues.length !== 1) {
    return { ok: false, status: 400, message: hostValues.length === 0 ? 'The request has no Host header.' : 'The request has more than one Host header.' };
  }
  const parsed = parseHost(hostValues[0]!);
  if (!parsed) return { ok: false, status: 400, message: 'The Host header is not a valid host name.' };
  const port = parsed.port ?? policy.defaultPort;
  if (!policy.names.has(parsed.name) || port !== policy.port) {
    return { ok: false, status: 421, message: 'This server does not answer to that host name. Open it at its own address.' };
  }
  return { ok: true };
}

/** `name[:port]`, with IPv6 literals in brackets; lowercase; no user info, path or stray characters. */
function parseHost(value: string): { name: string; port?: number } | null {
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/i.exec(value.trim());
  if (!match) return null;
  const name = match[1]!.toLowerCase().replace(/\.$/, '');
  if (match[2] === undefined) return { name };
  const port = Number(match[2]);
  return port >= 1 && port <= 65535 ? { name, port } : null;
}
