import { isValidTimeZone } from '../../core/domain/zones.js';

/** The zone a guest reads times in: from the page's `?tz=` or the form, checked, else the host's. */

/** IANA names only (`Asia/Kolkata`, `UTC`): no offsets like `UTC+5`, nothing a template could trip on. */
export function isIanaZone(zone: string): boolean {
  return zone.length <= 64 && /^(UTC|[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+)$/.test(zone) && isValidTimeZone(zone);
}

export interface GuestZone {
  zone: string;
  /** False when the guest gave no valid zone and the times are in the host's zone. */
  chosen: boolean;
}

/** The zone the guest asked for (`?tz=` or the form's hidden field), else the host's. */
export function guestZoneOf(requested: string | undefined, hostZone: string): GuestZone {
  const zone = requested?.trim();
  return zone && isIanaZone(zone) ? { zone, chosen: true } : { zone: hostZone, chosen: false };
}
