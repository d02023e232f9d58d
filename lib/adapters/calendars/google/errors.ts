import { CalendarUnavailable } from '../../../core/ports/calendar.js';

/**
 * Google's failures, read from gaxios errors into plain facts, and the typed errors the
 * adapter raises. Messages carry the status and reason only: never a header, a URL with
 * parameters or a body, which could hold a token.
 */

/** A Calendar API answer the adapter may handle by status (404, 409, 410). */
export class GoogleRequestFailed extends CalendarUnavailable {
  override name = 'GoogleRequestFailed';
  constructor(
    readonly operation: string,
    readonly status: number | undefined,
    readonly reason: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(`Google Calendar ${operation} failed${status ? ` with ${status}` : ''}${reason ? ` (${reason})` : ''}`, options);
  }
}

export interface GoogleFailure {
  /** HTTP status; undefined when no answer came (network error, timeout). */
  status?: number;
  /** `error.errors[0].reason` of an API error, or the OAuth `error` of the token endpoint. */
  reason?: string;
  /** From Retry-After (seconds or an HTTP date), when sent. */
  retryAfterMs?: number;
}

interface GaxiosLike {
  status?: number;
  response?: { status?: number; headers?: unknown; data?: unknown };
}

export function failureOf(error: unknown, nowMs: number): GoogleFailure {
  if (typeof error !== 'object' || error === null) return {};
  const { response } = error as GaxiosLike;
  const status = response?.status ?? (error as GaxiosLike).status;
  const retryAfter = headerOf(response?.headers, 'retry-after');
  const retryAfterMs = retryAfter === undefined ? undefined : retryAfterMsOf(retryAfter, nowMs);
  const reason = reasonOf(response?.data);
  return { ...(status ? { status } : {}), ...(reason ? { reason } : {}), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
}

function headerOf(headers: unknown, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const value = (headers as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** RFC 9110 §10.2.3: delay-seconds or an HTTP-date. */
function retryAfterMsOf(value: string, nowMs: number): number | undefined {
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

function reasonOf(data: unknown): string | undefined {
  let body = data;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  if (typeof body !== 'object' || body === null) return undefined;
  const error = (body as { error?: unknown }).error;
  // The token endpoint answers `{ error: "invalid_grant", error_description }`.
  if (typeof error === 'string') return error;
  const reasons = (error as { errors?: { reason?: string }[] } | undefined)?.errors;
  return reasons?.[0]?.reason ?? undefined;
}
