/** Errors of the mail services, apart from them so the HTTP error table can name them without loading mail code (issue 19: cold start). */

export class LinkMailRefused extends Error {
  override name = 'LinkMailRefused';
  constructor(
    readonly kind: 'unknown-proposal' | 'not-open' | 'bad-address',
    message: string,
  ) {
    super(message);
  }
}

export class InvalidUnsubscribeLink extends Error {
  override name = 'InvalidUnsubscribeLink';
  constructor() {
    super('This unsubscribe link is not valid. Check that it was copied completely from the email.');
  }
}
