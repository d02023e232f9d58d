import type { ProviderAccount } from '../core/ports/store.js';

/**
 * Why connecting a calendar account (or signing in with one) failed, in words the user can act
 * on. Kept apart from the connect services so the edge's error table can name them without
 * loading the providers' SDKs.
 */

/** Google's round trip failed in a way the user can fix by starting again. */
export class GoogleConnectFailed extends Error {
  override name = 'GoogleConnectFailed';
}

/** Microsoft's callback does not belong to this browser's sign-in (or came too late). */
export class SignInRefused extends Error {
  override name = 'SignInRefused';
}

/** Microsoft's identity platform failed the code exchange or the token sealing; the message says which. */
export class MicrosoftConnectFailed extends Error {
  override name = 'MicrosoftConnectFailed';
}

/** The account signs in to another user: it cannot also be connected to this one. */
export class AccountTaken extends Error {
  override name = 'AccountTaken';
  constructor(readonly provider: ProviderAccount['provider']) {
    const name = provider === 'google' ? 'Google' : 'Microsoft';
    super(`This ${name} account already belongs to another Rapport user, so it was not connected and nothing was changed. Sign out and sign in with it, or connect a different ${name} account.`);
  }
}

/** Why a calendar (a published address or an uploaded file) was not added: read once, and this is what went wrong. */
export type IcsRefusal = 'unreachable' | 'not-a-calendar' | 'too-large' | 'private-address';

/** The calendar was read once before connecting and failed; nothing was stored. The message says why, for the person adding it. */
export class IcsCalendarRefused extends Error {
  override name = 'IcsCalendarRefused';
  constructor(
    readonly reason: IcsRefusal,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** An .ics file was uploaded where Rapport has nowhere to keep it (the cloud app, for now). */
export class CalendarUploadUnavailable extends Error {
  override name = 'CalendarUploadUnavailable';
  constructor() {
    super('Uploading a calendar file works in local mode (npm start) only. Here, add the calendar by its published address (https:// or webcal://).');
  }
}
