import { fileURLToPath } from 'node:url';
import { CalendarUnavailable } from '../../../core/ports/calendar.js';
import { FeedRequestFailed, FeedTooLarge } from './errors.js';
import { readFileFeed, type FileValidators } from './file.js';

/**
 * Reads a feed's bytes from an http(s) URL or a file, conditionally: given the validators of
 * the last read, an unchanged feed answers `not-modified` without its body.
 */

export type FeedLocation = { kind: 'http'; url: URL } | { kind: 'file'; path: string };

export interface HttpValidators {
  etag?: string;
  lastModified?: string;
}

export type FeedValidators = HttpValidators & Partial<FileValidators>;

export type FeedRead = { kind: 'not-modified' } | { kind: 'content'; bytes: Uint8Array; validators: FeedValidators };

export interface FeedReadOptions {
  fetchImpl: typeof fetch;
  maxBytes: number;
  timeoutMs: number;
  /**
   * Called with the URL of every request, the first and each redirect's, before it is sent;
   * throws to refuse it (address-guard.ts keeps feeds off private and local addresses).
   * Default: every address may be reached.
   */
  checkUrl?: (url: URL) => Promise<void>;
}

/** Redirects followed before a feed is given up on (browsers allow 20; a feed needs a few). */
const MAX_REDIRECTS = 5;

/** `webcal://` is what calendar apps hand out for subscriptions; it means http(s). */
export function locateFeed(source: string): FeedLocation {
  const trimmed = source.trim();
  if (trimmed === '') throw new CalendarUnavailable('No calendar feed address is configured');
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === undefined) return { kind: 'file', path: trimmed };
  try {
    if (scheme === 'file') return { kind: 'file', path: fileURLToPath(trimmed) };
    if (scheme === 'http' || scheme === 'https') return { kind: 'http', url: new URL(trimmed) };
    if (scheme === 'webcal' || scheme === 'webcals') return { kind: 'http', url: new URL(trimmed.replace(/^webcals?/i, 'https')) };
  } catch (error) {
    throw new CalendarUnavailable('The calendar feed address is not a valid URL', { cause: error });
  }
  throw new CalendarUnavailable(`Calendar feeds must be http(s) or webcal addresses, not ${scheme}://`);
}

/** How a feed is named in messages: only the origin, as a feed URL's path is a secret (Google's "secret address"). */
function describeFeed(url: URL): string {
  return `the calendar feed at ${url.origin}`;
}

function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export async function readFeed(
  location: FeedLocation,
  validators: FeedValidators | undefined,
  options: FeedReadOptions,
): Promise<FeedRead> {
  if (location.kind === 'file') return readFileFeed(location.path, validators, options.maxBytes);
  return readHttpFeed(location.url, validators, options);
}

async function readHttpFeed(url: URL, validators: HttpValidators | undefined, options: FeedReadOptions): Promise<FeedRead> {
  const where = describeFeed(url);
  const conditional = Boolean(validators?.etag || validators?.lastModified);
  const headers: Record<string, string> = {
    accept: 'text/calendar, text/plain;q=0.9, */*;q=0.5',
    'user-agent': 'Rapport calendar sync',
  };
  // RFC 9110 §13.1.1/§13.1.3: a server honouring If-None-Match answers 304 when the ETag matches.
  if (validators?.etag) headers['if-none-match'] = validators.etag;
  if (validators?.lastModified) headers['if-modified-since'] = validators.lastModified;

  const response = await fetchFollowingRedirects(url, headers, options, where);
  if (response.status === 304 && conditional) {
    await response.body?.cancel();
    return { kind: 'not-modified' };
  }
  if (!response.ok) {
    await response.body?.cancel();
    const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    const retryAfter = retryAfterSeconds(response.headers.get('retry-after'));
    throw new FeedRequestFailed(`${sentence(where)} answered HTTP ${status}`, response.status, retryAfter);
  }
  const bytes = await readBody(response, options, where);
  const etag = response.headers.get('etag');
  const lastModified = response.headers.get('last-modified');
  return {
    kind: 'content',
    bytes,
    validators: { ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) },
  };
}

/**
 * Follows redirects one by one, so that each hop's URL is checked before it is requested (a
 * public feed may redirect to a private address); one deadline covers them all.
 */
async function fetchFollowingRedirects(url: URL, headers: Record<string, string>, options: FeedReadOptions, where: string): Promise<Response> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  let next = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      throw new CalendarUnavailable(`${sentence(where)} redirected to a ${next.protocol} address; calendar feeds must be http(s)`);
    }
    await options.checkUrl?.(next);
    let response: Response;
    try {
      response = await options.fetchImpl(next, { headers, redirect: 'manual', signal });
    } catch (error) {
      throw new CalendarUnavailable(`Could not reach ${where}: ${networkReason(error, options.timeoutMs)}`, { cause: error });
    }
    const location = response.headers.get('location');
    if (response.status < 300 || response.status > 399 || response.status === 304 || !location) return response;
    await response.body?.cancel();
    try {
      next = new URL(location, next);
    } catch (error) {
      throw new CalendarUnavailable(`${sentence(where)} redirected to an address that is not a URL`, { cause: error });
    }
  }
  throw new CalendarUnavailable(`${sentence(where)} redirected more than ${MAX_REDIRECTS} times`);
}

/** Reads the body, stopping as soon as it passes the limit (Content-Length may be absent or wrong). */
async function readBody(response: Response, options: FeedReadOptions, where: string): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  if (declared > options.maxBytes) {
    await response.body?.cancel();
    throw new FeedTooLarge(sentence(where), options.maxBytes);
  }
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      total += chunk.value.length;
      if (total > options.maxBytes) {
        await reader.cancel();
        throw new FeedTooLarge(sentence(where), options.maxBytes);
      }
      chunks.push(chunk.value);
    }
  } catch (error) {
    if (error instanceof FeedTooLarge) throw error;
    throw new CalendarUnavailable(`Could not read ${where}: ${networkReason(error, options.timeoutMs)}`, { cause: error });
  }
  return Buffer.concat(chunks, total);
}

function networkReason(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}`;
  }
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (typeof cause?.code === 'string') return cause.code;
  return error instanceof Error ? error.message : String(error);
}

/** RFC 9110 §10.2.3: delay-seconds or an HTTP-date. */
function retryAfterSeconds(header: string | null): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}
