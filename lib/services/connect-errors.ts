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
