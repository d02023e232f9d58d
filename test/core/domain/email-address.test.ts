import { describe, expect, it } from 'vitest';
import { isEmailAddress } from '../../../lib/core/domain/email-address.js';
import { parseUserSettings } from '../../../lib/services/settings-schema.js';

describe('what counts as an email address from outside', () => {
  it('takes ordinary and international addresses', () => {
    for (const address of ['alex@northwind.example', 'first.last+tag@sub.example.co.uk', "o'brien@example.ie", 'josé@exemple.fr', 'user@xn--bcher-kva.example']) {
      expect(isEmailAddress(address), address).toBe(true);
    }
  });

  it('refuses anything that could add a header or a recipient, or is not an address', () => {
    for (const address of ['bcc:x@y.z', 'a@b', 'a b@c.example', 'a@b.example\r\nBcc: eve@evil.example', '<a@b.example>', '"a"@b.example', 'a@@b.example', '.a@b.example', 'a@-b.example', `${'a'.repeat(250)}@b.example`]) {
      expect(isEmailAddress(address), JSON.stringify(address)).toBe(false);
    }
  });

  it('settings refuse bcc:x@y.z as one of the owner addresses, with a sentence', () => {
    expect(() => parseUserSettings({ ownerEmails: ['bcc:x@y.z'], timeZone: 'Europe/London' })).toThrow(/must be an email address/);
  });
});
