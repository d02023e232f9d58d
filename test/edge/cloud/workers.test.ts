import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { resetConfig } from '../../../lib/runtime/config.js';
import { DEFAULT_COFFEE_SETTINGS } from '../../../lib/core/domain/coffee.js';
import { silentLogger } from '../../../lib/runtime/log.js';
import { resetSqsClient } from '../../../lib/adapters/queue/sqs.js';
import { getRuntime, setRuntime, type Runtime } from '../../../lib/runtime/runtime.js';
import { TEST_SETTINGS } from '../../support/app-server.js';
import { dynamoEndpoint, freshTable } from '../../support/dynamo.js';
import { startSqsServer, type SqsServer } from '../../support/sqs-server.js';
import { calendarFolder, icsCalendar } from '../../services/calendar-files.js';
import { pullInstantOf } from '../../../lib/core/domain/sweep-pulls.js';
import { lambdaContext, schedulerEvent, sqsEvent } from './events.js';

/**
 * The cloud's fan-out, entry point by entry point, with the event shapes AWS delivers:
 * scheduler → tick → SQS (a local wire-format server) → sweep / propose workers → DynamoDB Local.
 */

const NOW = '2026-11-23T08:00:00.000Z';
const ME = { email: 'alex@northwind.example', partstat: 'ACCEPTED' };
let sqs: SqsServer;
let runtime: Runtime;
const folder = calendarFolder();
const users = ['ana', 'ben', 'chloe'];

beforeAll(async () => {
  sqs = await startSqsServer();
  const { tableName } = await freshTable();
  // Lambda's own variable: handlers then run with the Powertools middleware, as deployed.
  vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'rapport-test');
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
  Object.assign(process.env, {
    RAPPORT_DYNAMODB_ENDPOINT: dynamoEndpoint(),
    RAPPORT_TABLE: tableName,
    RAPPORT_SIGNING_KEY: randomBytes(32).toString('hex'),
    RAPPORT_SWEEP_QUEUE_URL: sqs.queueUrl('sweep'),
    RAPPORT_PROPOSE_QUEUE_URL: sqs.queueUrl('propose'),
    RAPPORT_SQS_ENDPOINT: sqs.endpoint,
    RAPPORT_DATA_DIR: folder.write('.keep', '').replace(/\/\.keep$/, ''),
  });
  resetConfig();
  resetSqsClient();
  setRuntime(undefined);
  runtime = { ...getRuntime(), logger: silentLogger, now: () => NOW };
  setRuntime(runtime);
  // London users propose at 08 UTC in November; Tokyo's 08:00 is 23 UTC.
  for (const userId of users) {
    await runtime.store.profiles.put(userId, { ...TEST_SETTINGS, coffee: { ...DEFAULT_COFFEE_SETTINGS, windows: DEFAULT_COFFEE_SETTINGS.windows } });
    const ics = icsCalendar([
      { uid: `coffee-${userId}@test`, start: '20261116T090000Z', end: '20261116T093000Z', summary: 'Coffee', attendees: [ME, { email: `friend-of-${userId}@example.com`, name: 'Friend' }] },
    ]);
    await runtime.store.connections.create(userId, { id: 'rapport', kind: 'rapport', label: 'Rapport', cursor: null, status: 'ok', createdAt: NOW });
    await runtime.store.connections.create(userId, { id: 'work', kind: 'ics', label: 'work', source: folder.write(`${userId}.ics`, ics), cursor: null, status: 'ok', createdAt: NOW });
  }
  await runtime.store.profiles.put('kenji', { ...TEST_SETTINGS, timeZone: 'Asia/Tokyo' });
});

afterAll(async () => {
  vi.unstubAllEnvs();
  setRuntime(undefined);
  await sqs.close();
});

describe('sweep fan-out', () => {
  test('the 15-minute tick enqueues one sweep message per user, read from the shard index', async () => {
    const { handler } = await import('../../../functions/tick.js');
    const report = await handler(schedulerEvent('sweep', '2026-11-23T08:15:00Z'), lambdaContext('rapport-tick'));
    expect(report).toEqual({ enqueued: 4, resting: 0 });
    // Each was pulled when their settings and calendars were stored: the sweep that serves the pulls removes them.
    const bodies = sqs.bodies('sweep') as { kind: string; userId: string; pulled: string[] }[];
    expect(bodies.map((m) => m.userId).sort()).toEqual([...users, 'kenji'].sort());
    for (const body of bodies) expect(new Set(body.pulled.map(pullInstantOf))).toEqual(new Set([NOW]));
    expect(bodies.find((m) => m.userId === 'kenji')!.pulled).toHaveLength(1);
    expect(bodies.find((m) => m.userId === 'ana')!.pulled).toHaveLength(3);
    expect(sqs.bodies('sweep')).toHaveLength(4);
  });

  test('messages SQS could not take are sent again; none is lost or doubled', async () => {
    const before = sqs.bodies('sweep').length;
    sqs.failEntries(3);
    const { handler } = await import('../../../functions/tick.js');
    await handler(schedulerEvent('sweep', '2026-11-23T08:30:00Z'), lambdaContext('rapport-tick'));
    const sent = sqs.bodies('sweep').slice(before) as { userId: string }[];
    expect(sent.map((m) => m.userId).sort()).toEqual([...users, 'kenji'].sort());
  });

  test('the sweep worker syncs each user of a batch; a bad message fails alone', async () => {
    const { handler } = await import('../../../functions/sweep.js');
    const bodies = [...users.map((userId) => JSON.stringify({ kind: 'sweep', userId })), JSON.stringify({ kind: 'sweep', userId: 'ghost' }), 'not json'];
    const event = sqsEvent('rapport-sweep', bodies);
    const response = await handler(event, lambdaContext('rapport-sweep'));
    // The ghost (no profile) and the malformed body go back to the queue, then to the DLQ.
    const failed = (response as { batchItemFailures: { itemIdentifier: string }[] }).batchItemFailures.map((f) => f.itemIdentifier);
    expect(failed.sort()).toEqual([event.Records[3]!.messageId, event.Records[4]!.messageId].sort());
    for (const userId of users) {
      const meetings = await runtime.store.meetings.list(userId);
      expect(meetings.map((m) => m.with)).toEqual([[`friend-of-${userId}@example.com`]]);
    }
  });

  test('a swept user with nothing due rests until their next sweep time; a pull brings it forward, once', async () => {
    // `clock`: when the scheduler's delivery arrives (a moment early, say).
    const tick = async (at: string, clock = at) => {
      setRuntime({ ...runtime, now: () => clock });
      const { handler } = await import('../../../functions/tick.js');
      const before = sqs.bodies('sweep').length;
      const report = await handler(schedulerEvent('sweep', at), lambdaContext('rapport-tick'));
      setRuntime(runtime);
      return { report, sent: sqs.bodies('sweep').slice(before) as { userId: string; pulled?: string[] }[] };
    };
    const { handler: sweepWorker } = await import('../../../functions/sweep.js');
    // Kenji has no calendar: after a sweep at 08:00 nothing of his is due for twelve hours. The
    // others' feeds are polled, so they are due every tick.
    const first = (await tick(NOW)).sent.find((m) => m.userId === 'kenji');
    expect(first?.pulled?.map(pullInstantOf)).toEqual([NOW]);
    await sweepWorker(sqsEvent('rapport-sweep', [JSON.stringify(first)]), lambdaContext('rapport-sweep'));
    const quiet = await tick('2026-11-23T08:30:00.000Z');
    expect(quiet.sent.map((m) => m.userId).sort()).toEqual(users);
    expect(quiet.report).toEqual({ enqueued: 3, resting: 1 });
    expect((await tick('2026-11-23T19:45:00.000Z')).sent.map((m) => m.userId)).not.toContain('kenji');
    expect((await tick('2026-11-23T20:00:00.000Z', '2026-11-23T19:59:59.900Z')).sent.map((m) => m.userId)).toContain('kenji');

    // Work stored for him (a booking's step, owed mail) pulls his sweep forward; the sweep that
    // served the pull clears it, so the tick after rests again.
    await runtime.store.wake.pull('kenji', '2026-11-23T08:40:00.000Z');
    const pulled = await tick('2026-11-23T08:45:00.000Z');
    expect(pulled.sent.find((m) => m.userId === 'kenji')?.pulled?.map(pullInstantOf)).toEqual(['2026-11-23T08:40:00.000Z']);
    await sweepWorker(sqsEvent('rapport-sweep', [JSON.stringify(pulled.sent.find((m) => m.userId === 'kenji'))]), lambdaContext('rapport-sweep'));
    expect((await tick('2026-11-23T09:00:00.000Z')).sent.map((m) => m.userId)).not.toContain('kenji');
  });

  test('a sweep message whose pulls are not instants is refused', async () => {
    const { handler } = await import('../../../functions/sweep.js');
    const event = sqsEvent('rapport-sweep', [JSON.stringify({ kind: 'sweep', userId: 'kenji', pulled: ['soon#1'] })]);
    const response = await handler(event, lambdaContext('rapport-sweep'));
    expect((response as { batchItemFailures: { itemIdentifier: string }[] }).batchItemFailures).toEqual([{ itemIdentifier: event.Records[0]!.messageId }]);
  });
});

describe('proposal fan-out', () => {
  test('the hourly tick enqueues only the users whose proposal hour it is', async () => {
    const { handler } = await import('../../../functions/tick.js');
    await handler(schedulerEvent('propose', '2026-11-23T08:00:00Z'), lambdaContext('rapport-tick'));
    expect((sqs.bodies('propose') as { userId: string }[]).map((m) => m.userId).sort()).toEqual(users);
    expect(sqs.bodies('propose').every((m) => (m as { hour: number }).hour === 8)).toBe(true);
  });

  test('the proposal worker proposes for a due contact and keeps the user in their bucket', async () => {
    const { handler } = await import('../../../functions/propose.js');
    await runtime.store.contacts.update('ana', 'friend-of-ana@example.com', { tier: 'close', nextDueAt: '2026-11-20T00:00:00.000Z' });
    const event = sqsEvent('rapport-propose', [JSON.stringify({ kind: 'propose', userId: 'ana', hour: 8 }), JSON.stringify({ kind: 'propose', userId: 'gone', hour: 8 })]);
    const errors: unknown[] = [];
    setRuntime({ ...runtime, logger: { ...silentLogger, error: (_m: string, fields?: unknown) => void errors.push(fields) } });
    const response = await handler(event, lambdaContext('rapport-propose'));
    setRuntime(runtime);
    expect(errors).toEqual([]);
    expect(response).toEqual({ batchItemFailures: [] });
    const proposals = await runtime.store.proposals.list('ana');
    expect(proposals.map((p) => p.contactEmail)).toEqual(['friend-of-ana@example.com']);
    expect(await runtime.store.schedule.proposalHour(8)).toMatchObject({ userIds: expect.arrayContaining(['ana']) });
  });

  test('a tick event without a job is refused with a clear error', async () => {
    const { handler } = await import('../../../functions/tick.js');
    await expect(handler({ scheduledTime: NOW } as never, lambdaContext('rapport-tick'))).rejects.toThrow('the tick needs job "sweep" or "propose"');
  });
});
