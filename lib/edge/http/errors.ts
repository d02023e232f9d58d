/**
 * Errors whose message is safe to show to the person who sent the request. The HTTP status
 * is decided here, once; anything else that reaches the edge becomes a generic 500.
 */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const badRequest = (message: string) => new HttpError(400, message);
export const forbidden = (message: string) => new HttpError(403, message);
export const notFound = (message: string) => new HttpError(404, message);
/** 405 names the methods the address does take (RFC 9110 §15.5.6: the answer carries `Allow`). */
export class MethodNotAllowed extends HttpError {
  override name = 'MethodNotAllowed';
  constructor(
    message: string,
    readonly allowed: readonly string[],
  ) {
    super(405, message);
  }
}
export const methodNotAllowed = (message: string, allowed: readonly string[]) => new MethodNotAllowed(message, allowed);
export const conflict = (message: string) => new HttpError(409, message);
export const gone = (message: string) => new HttpError(410, message);
export const payloadTooLarge = (message: string) => new HttpError(413, message);
export const unsupportedMediaType = (message: string) => new HttpError(415, message);

/**
 * The request needs a signed-in session and has none (missing, expired or altered). The edge
 * answers 401, except that a browser asking for a page is sent to /signin instead.
 */
export class SignInRequired extends HttpError {
  override name = 'SignInRequired';
  constructor() {
    super(401, 'Please sign in to Rapport first.');
  }
}
