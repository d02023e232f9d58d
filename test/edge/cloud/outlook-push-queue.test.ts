import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSubscription, type MicrosoftPushDeps } from '../../../lib/adapters/calendars/microsoft/push.js';
import { resetSqsClient } from '../../../lib/adapters/queue/sqs.js';
import { pushWorkSettled } from '../../../lib/services/microsoft-notifications.js';
import type { TestApp } from '../../support/app-server.js';
import type { GraphServer } from '../../../lib/local/graph-fake/server.js';
import { startSqsServer, type SqsServer } from '../../support/sqs-server.js';
import { meetingWith, startMicrosoftApp, type MicrosoftApp } from '../../adapters/calendars/microsoft/world.js';
import { lambdaContext, sqsEvent } from './events.js';

/**
 * Outlook push as deployed: Graph (the local server) posts to the webhook function, which
 * answers 202 and puts the work on the push queue (a local SQS wire-format server) instead of
 * syncing in a function that is frozen after its answer; the push worker, invoked with the SQS
 * event AWS would deliver, syncs the connection.
 */

const NOW = '2026-11-23T12:00:00.000Z';
const USER = 'riley@contoso.example';
let microsoft: MicrosoftApp;
let graph: GraphServer;
let sqs: SqsServer;
let app: TestApp;
let deps: MicrosoftPushDeps;

beforeAll(async () => {
  sqs = await startSqsServer();
  Object.assign(process.env, { RAPPORT_PUSH_QUEUE_URL: sqs.queueUrl('push'), RAPPORT_SQS_ENDPOINT: sqs.endpoint });
  resetSqsClient();
  microsoft = await startMicrosoftApp({ now: NOW, webhooks: true });
  ({ server: graph, app } = microsoft);
  await microsoft.connect(USER);
  deps = microsoft.pushDeps();
  expect(await ensureSubscription(deps, app.userId, (await app.runtime.store.connections.get(app.userId, 'outlook'))!)).toBe('created');
});

afterAll(async () => {
  for (const name of ['RAPPORT_PUSH_QUEUE_URL', 'RAPPORT_SQS_ENDPOINT']) delete process.env[name];
  await microsoft?.close();
  await sqs?.close();
});

const deltaCount = () => graph.graphRequests(/calendarView\/delta/).length;

describe('Outlook push through the queue', () => {
  it('answers 202, queues one message for the connection, and syncs nothing itself', async () => {
    graph.putEvent(USER, meetingWith('sky@fabrikam.example', '2026-11-19T10:00:00.000Z'));
    const before = deltaCount();
    expect(await graph.notify(USER)).toEqual([202]);
    // Work run in this process would be registered before the answer: once settled, none can still come.
    await pushWorkSettled();
    expect(deltaCount()).toBe(before);
    expect(sqs.bodies('push')).toEqual([{ kind: 'microsoft-push', route: expect.objectContaining({ provider: 'microsoft', userId: app.userId, connectionId: 'outlook' }), lifecycle: [] }]);
  });

  it('a forged notification queues nothing', async () => {
    expect(await graph.notify(USER, { clientState: 'forged' })).toEqual([403]);
    expect(sqs.bodies('push')).toHaveLength(1);
  });

  it('the push worker syncs the connection from the queued message', async () => {
    const { handler } = await import('../../../functions/microsoft-push.js');
    const event = sqsEvent('rapport-push', sqs.sent.filter((m) => m.queueUrl === sqs.queueUrl('push')).map((m) => m.body));
    expect(await handler(event, lambdaContext('rapport-microsoft-push'))).toEqual({ batchItemFailures: [] });
    const events = await app.runtime.store.events.listByConnection(app.userId, 'outlook');
    expect(events.flatMap((e) => e.attendees.map((a) => a.email))).toContain('sky@fabrikam.example');
  });
});
