import { calendar, type calendar_v3 } from '@googleapis/calendar';
import type { OAuth2Client } from 'google-auth-library';
import { NeedsReconnect } from '../../../core/ports/calendar.js';
import { failureOf, GoogleRequestFailed, type GoogleFailure } from './errors.js';

/**
 * The official Calendar client, configured: our API root, gaxios' own retry off (it ignores
 * Retry-After, does not retry POSTs or 403 rate limits — CALENDAR-FACTS.md, "Quotas"), and
 * our retry policy around every call instead.
 */

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** First backoff ceiling; doubles per attempt (full jitter draws below it). */
  baseDelayMs: number;
  /** Largest single wait, Retry-After included. */
  maxDelayMs: number;
  /** No retry is started that would end later than this after the first attempt. */
  maxTotalMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 30_000, maxTotalMs: 60_000 };
/** A Lambda sync has time for slow answers, but not for a hung connection. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 20_000;

export interface GoogleClientOptions {
  apiRoot: string;
  auth: OAuth2Client;
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
  /** Waits between attempts; tests pass one that records the wait instead of sleeping. */
  sleep?: (ms: number) => Promise<void>;
  /** In [0, 1): the jitter draw. */
  random?: () => number;
  /** Wall clock in ms, for Retry-After dates and the total budget. */
  clock?: () => number;
}

export interface CallOptions {
  /**
   * True when repeating the request cannot do anything twice: reads, PATCH/PUT/DELETE of a
   * known id, and inserts with a client-chosen id (a repeat answers 409). An insert without an
   * id is never retried.
   */
  idempotent: boolean;
}

export interface GoogleCalendarClient {
  api: calendar_v3.Calendar;
  call<T>(operation: string, request: () => Promise<T>, options: CallOptions): Promise<T>;
}

const RATE_LIMIT_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded']);

export function isRetryable(failure: GoogleFailure): boolean {
  if (failure.status === undefined) return true; // no answer: network error or timeout
  if (failure.status === 429 || failure.status >= 500) return true;
  return failure.status === 403 && RATE_LIMIT_REASONS.has(failure.reason ?? '');
}

/** The wait before attempt `attempt + 1`: Retry-After when given, else full jitter (AWS architecture blog, "Exponential Backoff And Jitter"). */
export function delayBefore(attempt: number, failure: GoogleFailure, policy: RetryPolicy, random: () => number): number {
  if (failure.retryAfterMs !== undefined) return failure.retryAfterMs;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

/** gaxios errors (GaxiosError carries the request `config`), including timeouts and network failures. */
function isHttpLayerError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && ('config' in error || 'response' in error);
}

export function createGoogleCalendarClient(options: GoogleClientOptions): GoogleCalendarClient {
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const clock = options.clock ?? Date.now;
  const api = calendar({
    version: 'v3',
    // googleapis-common bundles its own copy of google-auth-library; the client is the same at run time.
    auth: options.auth as unknown as calendar_v3.Options['auth'],
    rootUrl: options.apiRoot,
    retry: false,
    timeout: options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
  });

  return {
    api,
    async call(operation, request, { idempotent }) {
      const started = clock();
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await request();
        } catch (error) {
          // Only what came from the HTTP layer is Google's answer (or its absence); anything
          // else is a bug here and must surface as itself, not be retried.
          if (!isHttpLayerError(error)) throw error;
          const failure = failureOf(error, clock());
          // A revoked or expired grant: retrying cannot help, the user has to reconnect.
          if (failure.reason === 'invalid_grant' || failure.status === 401) {
            throw new NeedsReconnect('Google refused the stored grant: reconnect Google Calendar', { cause: failure });
          }
          const wait = delayBefore(attempt, failure, policy, random);
          const retry =
            idempotent &&
            isRetryable(failure) &&
            attempt < policy.maxAttempts &&
            wait <= policy.maxDelayMs &&
            clock() - started + wait <= policy.maxTotalMs;
          if (!retry) throw new GoogleRequestFailed(operation, failure.status, failure.reason, { cause: failure });
          await sleep(wait);
        }
      }
    },
  };
}
