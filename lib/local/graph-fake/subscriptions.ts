import { randomUUID } from 'node:crypto';
import { TENANT_ID } from './identity.js';
import { bodyOf, graphError, jsonReply, type GraphCall, type Reply } from './wire.js';

/**
 * Change notification subscriptions: POST /subscriptions runs Graph's validation handshake
 * against the notification URLs before it answers (the endpoint must echo `validationToken` as
 * text/plain within 10 s), PATCH renews within Graph's limit, DELETE removes; and the fake can
 * send the notifications Graph would, change or lifecycle, to every subscription of a mailbox.
 */

export interface Subscription {
  id: string;
  mailbox: string;
  resource: string;
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl?: string;
  clientState?: string;
  expirationDateTime: string;
}

export interface NotifyOptions {
  /** Sent instead of the subscription's own clientState (a forged notification). */
  clientState?: string;
  /** A lifecycle notification (`reauthorizationRequired`, `subscriptionRemoved`, `missed`) instead of a change. */
  lifecycleEvent?: string;
}

export interface Subscriptions {
  all: Map<string, Subscription>;
  /** POST /subscriptions and /subscriptions/{id}; undefined for other paths. */
  route(call: GraphCall): Promise<Reply | undefined>;
  /** Returns the webhook's HTTP statuses. */
  notify(email: string, options?: NotifyOptions): Promise<number[]>;
}

const MAX_SUBSCRIPTION_MINUTES = 4230;

function expirationProblem(expiration: string): string | undefined {
  const at = Date.parse(expiration);
  if (Number.isNaN(at)) return 'expirationDateTime is invalid.';
  if (at - Date.now() > MAX_SUBSCRIPTION_MINUTES * 60_000) return `Subscription expiration can only be ${MAX_SUBSCRIPTION_MINUTES} minutes in the future.`;
  return undefined;
}

/** Graph refuses plain http; the tests' webhooks on loopback are let through. */
function acceptedUrl(url: string): boolean {
  return url.startsWith('https://') || url.startsWith('http://127.0.0.1') || url.startsWith('http://localhost');
}

/** The handshake: true when the endpoint echoed the token exactly, as text/plain, with a 200. */
async function validates(target: string): Promise<boolean> {
  const validationToken = `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
  const echoed = await fetch(`${target}${target.includes('?') ? '&' : '?'}validationToken=${encodeURIComponent(validationToken)}`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain; charset=utf-8' },
    signal: AbortSignal.timeout(10_000),
  }).catch(() => null);
  const text = echoed ? await echoed.text() : '';
  const type = echoed?.headers.get('content-type') ?? '';
  return echoed !== null && echoed.status === 200 && text === validationToken && type.startsWith('text/plain');
}

export function createSubscriptions(clientId: string, base: () => string): Subscriptions {
  const all = new Map<string, Subscription>();

  const json = (s: Subscription) => ({
    '@odata.context': `${base()}/v1.0/$metadata#subscriptions/$entity`,
    id: s.id,
    resource: s.resource,
    applicationId: clientId,
    changeType: s.changeType,
    clientState: s.clientState ?? null,
    notificationUrl: s.notificationUrl,
    lifecycleNotificationUrl: s.lifecycleNotificationUrl ?? null,
    expirationDateTime: s.expirationDateTime,
    creatorId: s.mailbox,
  });

  async function subscribe(call: GraphCall): Promise<Reply> {
    const input = bodyOf(call);
    const notificationUrl = String(input.notificationUrl ?? '');
    const expiration = String(input.expirationDateTime ?? '');
    const problem = expirationProblem(expiration);
    if (problem) return jsonReply(400, graphError('ExtensionError', problem));
    if (!acceptedUrl(notificationUrl)) return jsonReply(400, graphError('ExtensionError', 'Subscription validation request failed. Notification endpoint must use https.'));
    for (const target of [notificationUrl, input.lifecycleNotificationUrl].filter((u): u is string => typeof u === 'string' && u.length > 0)) {
      if (!(await validates(target))) {
        return jsonReply(400, graphError('ValidationError', 'Subscription validation request failed. Response must exactly match validationToken query parameter.'));
      }
    }
    const subscription: Subscription = {
      id: randomUUID(),
      mailbox: call.box.email,
      resource: String(input.resource ?? ''),
      changeType: String(input.changeType ?? ''),
      notificationUrl,
      ...(typeof input.lifecycleNotificationUrl === 'string' ? { lifecycleNotificationUrl: input.lifecycleNotificationUrl } : {}),
      ...(typeof input.clientState === 'string' ? { clientState: input.clientState } : {}),
      expirationDateTime: expiration,
    };
    all.set(subscription.id, subscription);
    return jsonReply(201, json(subscription));
  }

  function existing(call: GraphCall, id: string): Reply | undefined {
    const subscription = all.get(id);
    if (!subscription || subscription.mailbox !== call.box.email) return jsonReply(404, graphError('ResourceNotFound', 'The object was not found.'));
    if (call.method === 'DELETE') {
      all.delete(subscription.id);
      return jsonReply(204, undefined);
    }
    if (call.method === 'PATCH') {
      const expiration = String(bodyOf(call).expirationDateTime ?? '');
      const problem = expirationProblem(expiration);
      if (problem) return jsonReply(400, graphError('ExtensionError', problem));
      subscription.expirationDateTime = expiration;
      return jsonReply(200, json(subscription));
    }
    return undefined;
  }

  function notificationOf(s: Subscription, options: NotifyOptions) {
    const common = { subscriptionId: s.id, subscriptionExpirationDateTime: s.expirationDateTime, clientState: options.clientState ?? s.clientState ?? null, tenantId: TENANT_ID };
    if (options.lifecycleEvent) return { ...common, lifecycleEvent: options.lifecycleEvent, resource: s.resource, resourceData: null };
    return {
      ...common,
      changeType: 'updated',
      resource: `Users/${s.mailbox}/Events/AAMk`,
      resourceData: { '@odata.type': '#Microsoft.Graph.Event', '@odata.id': `Users/${s.mailbox}/Events/AAMk`, id: 'AAMk' },
    };
  }

  return {
    all,
    async route(call) {
      if (call.method === 'POST' && call.path === '/subscriptions') return subscribe(call);
      const id = /^\/subscriptions\/([^/]+)$/.exec(call.path)?.[1];
      return id === undefined ? undefined : existing(call, id);
    },
    async notify(email, options = {}) {
      const statuses: number[] = [];
      for (const s of all.values()) {
        if (s.mailbox !== email.toLowerCase()) continue;
        const target = options.lifecycleEvent ? s.lifecycleNotificationUrl : s.notificationUrl;
        if (!target) continue;
        const response = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ value: [notificationOf(s, options)] }) });
        await response.text();
        statuses.push(response.status);
      }
      return statuses;
    },
  };
}
