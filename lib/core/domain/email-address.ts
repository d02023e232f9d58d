/**
 * What Rapport accepts as an email address wherever one comes from outside (settings, imports,
 * forms): RFC 5322's dot-atom on both sides of one `@`, a domain of at least two labels, at
 * most 254 characters (RFC 5321's path limit). Deliberately narrower than the RFC's quoted and
 * commented forms: an address that reaches a mail header, an ATTENDEE line or a key must never
 * carry `:`, `<`, `>`, `"`, spaces or line breaks (`bcc:x@y.z` is not an address).
 */
const ATOM = "[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~-]+";
const LABEL = '[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?';
const ADDRESS = new RegExp(`^${ATOM}(?:\\.${ATOM})*@${LABEL}(?:\\.${LABEL})+$`, 'u');

export const MAX_EMAIL_LENGTH = 254;

export function isEmailAddress(value: string): boolean {
  return value.length <= MAX_EMAIL_LENGTH && ADDRESS.test(value);
}
