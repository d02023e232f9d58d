import { badRequest } from '../http/errors.js';

/** Contact emails arrive URL-encoded in the path. */
export function contactEmailFromPath(segment: string): string {
  let email: string;
  try {
    email = decodeURIComponent(segment).trim().toLowerCase();
  } catch {
    throw badRequest('The contact address in the URL is not valid.');
  }
  if (!/^[^\s@<>]+@[^\s@<>]+$/.test(email) || email.length > 320) throw badRequest('The contact address in the URL is not valid.');
  return email;
}
