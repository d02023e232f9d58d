import { badRequest } from '../http/errors.js';

/** Contact emails arrive URL-encoded in the path; the router has decoded the segment. */
export function contactEmailFromPath(segment: string): string {
  const email = segment.trim().toLowerCase();
  if (!/^[^\s@<>]+@[^\s@<>]+$/.test(email) || email.length > 320) throw badRequest('The contact address in the URL is not valid.');
  return email;
}
