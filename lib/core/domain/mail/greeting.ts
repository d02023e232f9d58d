/**
 * "Hi Jane," from a display name that looks like a name (letters, marks, apostrophes, hyphens,
 * in any script); anything else (an address, markup, a phone number) gets a plain "Hi,".
 */
export function greetingFor(name: string | undefined): string {
  const first = name?.trim().split(/\s+/)[0];
  return first && /^\p{L}[\p{L}\p{M}'’.-]*$/u.test(first) && first.length <= 60 ? `Hi ${first},` : 'Hi,';
}
