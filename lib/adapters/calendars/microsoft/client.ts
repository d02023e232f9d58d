import { Client, HTTPMessageHandler, type Context, type Middleware } from '@microsoft/microsoft-graph-client';
import type { AccessTokenSource } from './auth.js';

/**
 * The Graph client Rapport uses: the official client with our own middleware chain,
 * authentication → throttling → fetch. The library's RetryHandler is left out on purpose: it
 * caps waits and retries with its own policy; Graph asks callers to honour `Retry-After`
 * exactly, and at most 4 requests may be in flight per mailbox.
 */

/** Graph's limit of concurrent requests per app per mailbox. */
export const MAX_CONCURRENT_PER_MAILBOX = 4;
/** Attempts per request, the first included, before a throttled or unavailable answer is returned as is. */
export const MAX_ATTEMPTS = 5;
const BACKOFF_BASE_MS = 1_000;
const BACKOFF_CAP_MS = 30_000;

export interface ThrottlingOptions {
  /** Waits between attempts (tests pass one that records the waits). */
  sleep?: (ms: number) => Promise<void>;
  /** In [0, 1): the jitter of backoffs without Retry-After. */
  random?: () => number;
}

export interface GraphClientOptions extends ThrottlingOptions {
  /** Graph root with its version, e.g. `https://graph.microsoft.com/v1.0`. */
  graphRoot: string;
  tokens: AccessTokenSource;
  /** Identifies the mailbox for the concurrency limit (shared by every client of that mailbox in this process). */
  mailboxKey: string;
}

export function createGraphClient(options: GraphClientOptions): Client {
  const root = new URL(options.graphRoot);
  const version = root.pathname.replace(/^\/+|\/+$/g, '') || 'v1.0';
  const middleware: Middleware[] = [bearerMiddleware(options.tokens), throttlingMiddleware(gateFor(options.mailboxKey), options), new HTTPMessageHandler()];
  return Client.initWithMiddleware({
    baseUrl: `${root.origin}/`,
    defaultVersion: version,
    middleware,
    // The client only sends requests to Graph's own hosts (and hosts listed here); a sovereign
    // cloud or the local test server is listed by its host name.
    ...(root.hostname === 'graph.microsoft.com' ? {} : { customHosts: new Set([root.hostname]) }),
  });
}

/** Adds the bearer token; the token source keeps it between requests and refreshes it when due. */
function bearerMiddleware(tokens: AccessTokenSource): Middleware {
  let next: Middleware | undefined;
  return {
    async execute(context: Context) {
      const token = await tokens.accessToken();
      const headers = new Headers(context.options?.headers as ConstructorParameters<typeof Headers>[0]);
      headers.set('Authorization', `Bearer ${token}`);
      context.options = { ...context.options, headers };
      await next!.execute(context);
    },
    setNext(middleware) {
      next = middleware;
    },
  };
}

/** A counting semaphore: at most `size` holders at once, the rest wait in order. */
export interface Gate {
  acquire(): Promise<() => void>;
}

export function createGate(size: number): Gate {
  let active = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    active -= 1;
    const nextWaiter = waiting.shift();
    if (nextWaiter) {
      active += 1;
      nextWaiter();
    }
  };
  return {
    acquire() {
      if (active < size) {
        active += 1;
        return Promise.resolve(release);
      }
      return new Promise((resolve) => waiting.push(() => resolve(release)));
    },
  };
}

const gates = new Map<string, Gate>();

/** One gate per mailbox in this process, whichever adapter instance asks. */
function gateFor(mailboxKey: string): Gate {
  let gate = gates.get(mailboxKey);
  if (!gate) {
    gate = createGate(MAX_CONCURRENT_PER_MAILBOX);
    gates.set(mailboxKey, gate);
  }
  return gate;
}

/**
 * Holds a slot of the mailbox's gate while a request is in flight (not while waiting to retry),
 * and retries 429 and 503: after exactly `Retry-After` seconds when Graph says, otherwise after
 * an exponential backoff with full jitter.
 */
export function throttlingMiddleware(gate: Gate, options: ThrottlingOptions): Middleware {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  let next: Middleware | undefined;
  return {
    async execute(context: Context) {
      for (let attempt = 1; ; attempt++) {
        const release = await gate.acquire();
        try {
          await next!.execute(context);
        } finally {
          release();
        }
        const response = context.response;
        if (!response || (response.status !== 429 && response.status !== 503) || attempt >= MAX_ATTEMPTS) return;
        const waitMs = retryAfterMs(response.headers.get('retry-after')) ?? backoffMs(attempt, random);
        // The answer being retried is not read; free its connection.
        await response.body?.cancel().catch(() => undefined);
        await sleep(waitMs);
      }
    },
    setNext(middleware) {
      next = middleware;
    },
  };
}

/** `Retry-After` as delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export function backoffMs(attempt: number, random: () => number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
  return Math.round(random() * ceiling);
}
