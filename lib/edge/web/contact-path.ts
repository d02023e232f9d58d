import { badRequest } from '../http/errors.js';

/** A contact's email as it arrives: a path segment the router has decoded, or a CLI argument. */
export function contactEmailFromPath(segment: string): string {
  const email = segment.trim().toLowerCase();
  if (!/^[^\s@<>]+@[^\s@<>]+$/.test(email) || email.length > 320) throw badRequest('The contact address in the URL is not valid.');
  return email;
}
