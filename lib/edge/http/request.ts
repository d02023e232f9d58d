import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type * as z from 'zod';
import { badRequest, payloadTooLarge, unsupportedMediaType } from './errors.js';

/** Forms and JSON bodies we accept are small; anything larger is refused before parsing. */
export const MAX_BODY_BYTES = 16 * 1024;

export function bodyText(event: APIGatewayProxyEventV2, maxBytes = MAX_BODY_BYTES): string {
  const raw = event.body ?? '';
  const buffer = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (buffer.byteLength > maxBytes) {
    throw payloadTooLarge(`The request body is too large (limit ${Math.round(maxBytes / 1024)} KB).`);
  }
  return buffer.toString('utf8');
}

export function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  return event.headers?.[name.toLowerCase()];
}

function mediaType(event: APIGatewayProxyEventV2): string {
  return (header(event, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

export function isJsonRequest(event: APIGatewayProxyEventV2): boolean {
  return mediaType(event) === 'application/json';
}

export function formFields(event: APIGatewayProxyEventV2): Record<string, string> {
  if (mediaType(event) !== 'application/x-www-form-urlencoded') {
    throw unsupportedMediaType('Send the form as application/x-www-form-urlencoded.');
  }
  const fields: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(bodyText(event))) fields[key] = value;
  return fields;
}

export function jsonBody(event: APIGatewayProxyEventV2): unknown {
  if (!isJsonRequest(event)) throw unsupportedMediaType('Send the body as application/json.');
  const text = bodyText(event);
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest('The request body is not valid JSON.');
  }
}

/** Validates input from outside against a schema; problems become one readable 400 message. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const field = issue.path.join('.');
    return field ? `${field}: ${issue.message}` : issue.message;
  });
  throw badRequest(problems.join('; '));
}

export function cookies(event: APIGatewayProxyEventV2): Record<string, string> {
  const jar: Record<string, string> = {};
  for (const pair of event.cookies ?? []) {
    const at = pair.indexOf('=');
    if (at > 0) jar[pair.slice(0, at).trim()] = decodedCookieValue(pair.slice(at + 1).trim());
  }
  return jar;
}

/** Cookies come from the browser: a broken %-escape is kept as sent (it then opens as nothing), never a 500. */
function decodedCookieValue(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export function queryParam(event: APIGatewayProxyEventV2, name: string): string | undefined {
  return event.queryStringParameters?.[name];
}
