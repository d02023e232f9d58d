import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beginSignIn } from '../../lib/adapters/calendars/microsoft/sign-in.js';
import { displayNameFrom } from '../../lib/core/domain/settings.js';
import type { Store } from '../../lib/core/ports/store.js';
import { finishMicrosoftConnect } from '../../lib/services/microsoft-connect.js';
import { TEST_SETTINGS } from '../support/app-server.js';
import { uniqueUserId } from '../support/dynamo.js';
import { REDIRECT_URI, startMicrosoftWorldOnFreshTable, type MicrosoftWorld } from '../adapters/calendars/microsoft/world.js';

/** The display name is pre-filled from the Microsoft account's name (MSAL, ID token `name`), never over one the user set. */

const NOW = '2026-11-23T12:00:00.000Z';
let store: Store;
let world: MicrosoftWorld;

beforeAll(async () => {
  ({ store, world } = await startMicrosoftWorldOnFreshTable());
});
afterAll(() => world.close());

async function connect(userId: string, email: string, name: string) {
  world.server.addMailbox(email, name);
  world.server.signInAs(email);
  const { url, verifier } = await beginSignIn(world.config, REDIRECT_URI, 'state-1234');
  const consent = await fetch(url, { redirect: 'manual' });
  const code = new URL(consent.headers.get('location')!).searchParams.get('code')!;
  return finishMicrosoftConnect({ store, secrets: world.secrets, config: world.config }, { code, verifier, redirectUri: REDIRECT_URI, now: NOW, intent: { kind: 'connect', userId } }, async () => userId);
}

describe('the display name from a connected Microsoft account', () => {
  it('fills an empty display name with the account name', async () => {
    const userId = uniqueUserId();
    await store.profiles.put(userId, TEST_SETTINGS);
    await connect(userId, 'alex.morgan@contoso.example', 'Alex Morgan');
    expect((await store.profiles.get(userId))?.displayName).toBe('Alex Morgan');
  });

  it('leaves a name the user chose alone', async () => {
    const userId = uniqueUserId();
    await store.profiles.put(userId, { ...TEST_SETTINGS, displayName: 'Alex' });
    await connect(userId, 'alex.other@contoso.example', 'Alexandra Morgan-Smith');
    expect((await store.profiles.get(userId))?.displayName).toBe('Alex');
  });

  it('makes a provider name fit to show: one line, at most 100 characters, nothing when blank', () => {
    expect(displayNameFrom('  Alex\r\nMorgan  ')).toBe('Alex Morgan');
    expect(displayNameFrom('x'.repeat(150))).toHaveLength(100);
    expect(displayNameFrom('  ')).toBeUndefined();
    expect(displayNameFrom(undefined)).toBeUndefined();
  });
});
