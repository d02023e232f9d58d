import type { PushRoute } from '../../core/ports/connections.js';
import { PULLS_PER_MESSAGE, pullInstantOf } from '../../core/domain/sweep-pulls.js';

/**
 * What travels through the cloud's queues: one message per user and job, so one user's
 * failure is retried (and in the end dead-lettered) alone. Plain data, versioned by shape.
 */
export type WorkMessage =
  /** `pulled`: the pull entries the tick found due (adapters/store/wake.ts), which the sweep removes when done. */
  | { kind: 'sweep'; userId: string; pulled?: string[] }
  /** `hour`: the proposal-hour bucket the user was found in (the worker re-places them). */
  | { kind: 'propose'; userId: string; hour: number }
  | { kind: 'microsoft-push'; route: PushRoute; lifecycle: LifecycleEvent[] };

/** Graph's lifecycle notifications (see services/microsoft-push.ts). */
export const LIFECYCLE_EVENTS = ['reauthorizationRequired', 'subscriptionRemoved', 'missed'] as const;
export type LifecycleEvent = (typeof LIFECYCLE_EVENTS)[number];

export type WorkMessageOf<K extends WorkMessage['kind']> = Extract<WorkMessage, { kind: K }>;

export class MalformedMessage extends Error {
  override name = 'MalformedMessage';
}

const USER_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Parses a queue message body. Only our own functions can send to the queues (IAM), so a
 * malformed body is a bug or an old release's message: it is reported, not guessed at.
 */
export function parseWorkMessage<K extends WorkMessage['kind']>(body: string, expected: K): WorkMessageOf<K> {
  return parse(body, expected) as WorkMessageOf<K>;
}

function parse(body: string, expected: WorkMessage['kind']): WorkMessage {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new MalformedMessage('the message body is not JSON');
  }
  const message = value as Partial<Record<string, unknown>> | null;
  if (typeof message !== 'object' || message === null || message.kind !== expected) throw new MalformedMessage(`expected a ${expected} message`);
  switch (expected) {
    case 'sweep': {
      const pulled = message.pulled;
      const isEntry = (entry: unknown) => typeof entry === 'string' && entry.length <= 100 && !Number.isNaN(Date.parse(pullInstantOf(entry)));
      if (pulled !== undefined && (!Array.isArray(pulled) || pulled.length > PULLS_PER_MESSAGE || !pulled.every(isEntry))) throw new MalformedMessage('pulled must list pull entries');
      return { kind: 'sweep', userId: userIdOf(message.userId), ...(pulled !== undefined && { pulled: pulled as string[] }) };
    }
    case 'propose': {
      const hour = message.hour;
      if (typeof hour !== 'number' || !Number.isInteger(hour) || hour < 0 || hour > 23) throw new MalformedMessage('hour must be 0–23');
      return { kind: 'propose', userId: userIdOf(message.userId), hour };
    }
    case 'microsoft-push': {
      const route = message.route as Partial<PushRoute> | undefined;
      const lifecycle = message.lifecycle;
      if (!route || route.provider !== 'microsoft' || typeof route.connectionId !== 'string' || typeof route.expiresAt !== 'string') throw new MalformedMessage('route is incomplete');
      if (!Array.isArray(lifecycle) || !lifecycle.every((l) => (LIFECYCLE_EVENTS as readonly unknown[]).includes(l))) throw new MalformedMessage('lifecycle must list Graph lifecycle events');
      return { kind: 'microsoft-push', route: { provider: 'microsoft', userId: userIdOf(route.userId), connectionId: route.connectionId, expiresAt: route.expiresAt }, lifecycle: lifecycle as LifecycleEvent[] };
    }
  }
}

function userIdOf(value: unknown): string {
  if (typeof value !== 'string' || !USER_ID.test(value)) throw new MalformedMessage('userId is missing or malformed');
  return value;
}
