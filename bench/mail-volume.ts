import { DEFAULT_MAIL_SETTINGS } from '../lib/core/domain/mail/mail-settings.js';
import { ASSUMPTIONS } from './prices.js';
import { TYPICAL } from './workload.js';

/**
 * The typical user's mail a month: the weekly digest and next-day follow-ups (both on by
 * default), link emails, and per booking a host alert (a provider sends the guest's
 * invitation; on Rapport's own calendar the invitation is one more message).
 */
export function typicalMailPerMonth(days = 30) {
  const weeksPerMonth = days / 7;
  const digests = DEFAULT_MAIL_SETTINGS.digest ? weeksPerMonth : 0;
  const followUps = DEFAULT_MAIL_SETTINGS.followUpMail ? ASSUMPTIONS.followUpMailDaysPerMonth : 0;
  const links = ASSUMPTIONS.linkMailsPerMonth;
  const hostAlerts = TYPICAL.bookingsPerWeek * weeksPerMonth;
  return { digests, followUps, links, hostAlerts, total: digests + followUps + links + hostAlerts };
}

/** Messages a day, each of which wakes one sweep for a crashed attempt (adapters/store/mail.ts). */
export const mailsPerDay = () => typicalMailPerMonth().total / 30;
