import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * A short-lived cookie whose content the browser can neither read nor change: AES-256-GCM
 * under a key derived from the signing key, with the cookie's purpose as associated data (a
 * cookie sealed for one purpose does not open for another). Used for OAuth round trips, where
 * the state and the PKCE verifier must come back with the same browser and nobody else.
 */

function keyFor(signingKey: Buffer, purpose: string): Buffer {
  return createHmac('sha256', signingKey).update(`sealed-cookie:${purpose}`).digest();
}

export function sealCookieValue(signingKey: Buffer, purpose: string, value: unknown): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(signingKey, purpose), iv);
  cipher.setAAD(Buffer.from(purpose));
  const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
}

/** The sealed value, or null when the cookie is missing, altered, or sealed for another purpose. */
export function openCookieValue(signingKey: Buffer, purpose: string, sealed: string | undefined): unknown {
  const parts = sealed?.split('.');
  if (!parts || parts.length !== 3) return null;
  try {
    const [iv, tag, body] = parts.map((p) => Buffer.from(p, 'base64url')) as [Buffer, Buffer, Buffer];
    const decipher = createDecipheriv('aes-256-gcm', keyFor(signingKey, purpose), iv);
    decipher.setAAD(Buffer.from(purpose));
    decipher.setAuthTag(tag);
    return JSON.parse(Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8')) as unknown;
  } catch {
    return null;
  }
}
