import { InvalidUnsubscribeLink } from './mail-errors.js';
import type { MailSuppressionRepository } from '../core/ports/mail.js';
import { verifyUnsubscribeToken, type UnsubscribeClaims } from './unsubscribe-tokens.js';

/**
 * Unsubscribing: the signed token names the user and the recipient, and the opt-out is
 * recorded on that user's suppression list, which the mailer checks before every message that
 * is not transactional. Repeating it changes nothing.
 */


export function openUnsubscribeLink(key: Buffer, token: string): UnsubscribeClaims {
  const claims = verifyUnsubscribeToken(key, token);
  if (!claims) throw new InvalidUnsubscribeLink();
  return claims;
}

export async function unsubscribe(deps: { signingKey: Buffer; suppressions: MailSuppressionRepository }, token: string, now: string): Promise<UnsubscribeClaims> {
  const claims = openUnsubscribeLink(deps.signingKey, token);
  if ((await deps.suppressions.reasonFor(claims.userId, claims.email)) === null) await deps.suppressions.add(claims.userId, claims.email, 'unsubscribed', now);
  return claims;
}
