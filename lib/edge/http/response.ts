import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export type HttpResponse = APIGatewayProxyStructuredResultV2 & { statusCode: number; headers: Record<string, string> };

/** A page as the escaping template rendered it (web/html.ts's `SafeHtml`): the edge only sends it. */
export interface RenderedPage {
  readonly value: string;
}

/** A fresh CSP nonce for a page's inline script, one per response. */
export function newScriptNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * Headers on every response: no sniffing, no framing, no referrer (booking links carry their
 * token in the URL and must not leak to other sites), and a CSP that allows no script from
 * anywhere but inline scripts that carry the page's nonce.
 */
export function securityHeaders(scriptNonce?: string): Record<string, string> {
  const script = scriptNonce ? `'nonce-${scriptNonce}'` : "'none'";
  return {
    'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; script-src ${script}`,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  };
}

export interface ResponseOptions {
  cookies?: string[];
  headers?: Record<string, string>;
  scriptNonce?: string;
}

export function htmlResponse(statusCode: number, page: RenderedPage, options: ResponseOptions = {}): HttpResponse {
  return {
    statusCode,
    headers: { 'content-type': 'text/html; charset=utf-8', ...securityHeaders(options.scriptNonce), ...options.headers },
    cookies: options.cookies,
    body: page.value,
  };
}

export function jsonResponse(statusCode: number, data: unknown, options: ResponseOptions = {}): HttpResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...securityHeaders(), ...options.headers },
    cookies: options.cookies,
    body: JSON.stringify(data),
  };
}

export function textResponse(statusCode: number, text: string, contentType = 'text/plain; charset=utf-8'): HttpResponse {
  return { statusCode, headers: { 'content-type': contentType, ...securityHeaders() }, body: text };
}

/** 303 See Other: after a successful form POST the browser loads the page with GET. */
export function redirect(location: string, options: ResponseOptions = {}): HttpResponse {
  return { statusCode: 303, headers: { location, ...securityHeaders(), ...options.headers }, cookies: options.cookies, body: '' };
}
