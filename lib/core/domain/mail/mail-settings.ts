import { WEEKDAYS, type Weekday } from '../coffee.js';

/**
 * What the user has Rapport send, and when. The weekly digest is on by default (a review that
 * nobody is told about does not happen); sending the booking link on its own is off by default
 * (mail to someone else goes out only when the user chose so).
 */
export interface MailSettings {
  /** The weekly digest to the user. */
  digest: boolean;
  /** Local weekday of the digest, in the user's zone. */
  digestWeekday: Weekday;
  /** Local hour (0–23) of the digest, in the user's zone. */
  digestHour: number;
  /** The morning email after meeting new people. */
  followUpMail: boolean;
  /** Email the booking link to the contact as soon as a proposal is made. */
  autoSendLink: boolean;
}

export const DEFAULT_MAIL_SETTINGS: Readonly<MailSettings> = {
  digest: true,
  digestWeekday: 'mon',
  digestHour: 8,
  followUpMail: true,
  autoSendLink: false,
};

export const MAIL_WEEKDAYS = WEEKDAYS;

/** The user's mail settings, with defaults for profiles stored before they existed. */
export function mailSettingsOf(settings: { mail?: Partial<MailSettings> }): MailSettings {
  return { ...DEFAULT_MAIL_SETTINGS, ...settings.mail };
}
