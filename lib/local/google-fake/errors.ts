/**
 * Google's JSON error body, as the Calendar API sends it (and as gaxios hands it to callers
 * on `error.response.data`): `{ error: { code, message, errors: [{ domain, reason, message }], status } }`.
 */

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ALREADY_EXISTS',
  410: 'FAILED_PRECONDITION',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

export interface GoogleErrorBody {
  error: { code: number; message: string; errors: { domain: string; reason: string; message: string }[]; status: string };
}

/** A failure the fake answers with; `headers` carries e.g. Retry-After. */
export class FakeGoogleError extends Error {
  override name = 'FakeGoogleError';
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly domain = reason.endsWith('LimitExceeded') ? 'usageLimits' : 'global',
  ) {
    super(message);
  }

  body(): GoogleErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        errors: [{ domain: this.domain, reason: this.reason, message: this.message }],
        status: STATUS_NAMES[this.code] ?? 'UNKNOWN',
      },
    };
  }
}

/** The messages Google uses for the cases the fake reproduces. */
export const GoogleErrors = {
  notFound: () => new FakeGoogleError(404, 'notFound', 'Not Found'),
  deleted: () => new FakeGoogleError(410, 'deleted', 'Resource has been deleted'),
  duplicate: () => new FakeGoogleError(409, 'duplicate', 'The requested identifier already exists.'),
  invalid: (message: string) => new FakeGoogleError(400, 'invalid', message),
  badRequest: (message: string) => new FakeGoogleError(400, 'badRequest', message),
  fullSyncRequired: () => new FakeGoogleError(410, 'fullSyncRequired', 'Sync token is no longer valid, a full sync is required.'),
  unauthenticated: () =>
    new FakeGoogleError(401, 'authError', 'Request had invalid authentication credentials. Expected OAuth 2 access token.', { 'WWW-Authenticate': 'Bearer realm="https://accounts.google.com/"' }),
};
