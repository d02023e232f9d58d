import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { badRequest, payloadTooLarge, unsupportedMediaType } from './errors.js';
import { header } from './request.js';

/**
 * A multipart/form-data body (a form with a file), read with the platform's own parser
 * (undici's `Request.formData()`). API Gateway and the local server hand such a body over
 * base64-encoded, as it is binary.
 */
export interface MultipartForm {
  fields: Record<string, string>;
  files: Record<string, { name: string; bytes: Uint8Array }>;
}

export async function multipartForm(event: APIGatewayProxyEventV2, limit: { maxBytes: number; tooLarge: string }): Promise<MultipartForm> {
  const contentType = header(event, 'content-type') ?? '';
  if (!/^multipart\/form-data\s*;/i.test(contentType)) throw unsupportedMediaType('Send the form as multipart/form-data.');
  const raw = event.body ?? '';
  const body = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  // The whole body, boundaries included, is measured: a file just under the limit still passes.
  if (body.byteLength > limit.maxBytes) throw payloadTooLarge(limit.tooLarge);
  let form: FormData;
  try {
    form = await new Request('http://form.invalid/', { method: 'POST', headers: { 'content-type': contentType }, body }).formData();
  } catch {
    throw badRequest('The form could not be read. Reload the page and try again.');
  }
  const parsed: MultipartForm = { fields: {}, files: {} };
  for (const [name, value] of form) {
    if (typeof value === 'string') parsed.fields[name] = value;
    else parsed.files[name] = { name: value.name, bytes: new Uint8Array(await value.arrayBuffer()) };
  }
  return parsed;
}
