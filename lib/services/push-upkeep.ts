import type { Connection } from '../core/ports/connections.js';
import type { Runtime } from '../runtime/runtime.js';

/**
 * Push upkeep, from the sweep: Graph subscriptions last about 3 days and Google channels about a
 * week; the sweep renews them well before. One listing of the user's connections serves both
 * providers, and a provider's push code loads only where that provider is configured.
 */
/** `known`: the user's connections when the caller has just listed them (the sweep job). */
export async function keepPushFresh(runtime: Runtime, userId: string, known?: readonly Connection[]): Promise<void> {
  const upkeep: ((connections: Connection[]) => Promise<unknown>)[] = [];
  if (runtime.config.microsoft) {
    const microsoft = await import('./microsoft-push.js');
    const deps = microsoft.microsoftPushDepsOf(runtime);
    if (deps) upkeep.push((connections) => microsoft.keepSubscriptionsFresh(deps, userId, connections));
  }
  if (runtime.config.google) {
    const google = await import('./google-push.js');
    const deps = google.googlePushDepsOf(runtime);
    if (deps) upkeep.push((connections) => google.renewGoogleChannels(deps, userId, runtime.now(), connections));
  }
  if (upkeep.length === 0) return;
  const connections = known ? [...known] : await runtime.store.connections.list(userId);
  for (const renew of upkeep) await renew(connections);
}
