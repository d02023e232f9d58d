import { LAMBDAS, QUEUES, SCHEDULE_MINUTES, type LambdaName } from '../infra/lambda-functions.js';
import { BRANCH_KEY_CACHE_MS } from '../lib/adapters/secrets/branch-keys.js';
import { PUSH_SAFETY_READ_MS } from '../lib/core/domain/read-schedule.js';
import { dayUnits } from './dynamo-units.js';
import { ASSUMPTIONS, PRICES } from './prices.js';
import { round, type SectionResult } from './report.js';
import { TYPICAL } from './workload.js';
import { typicalMailPerMonth } from './mail-volume.js';

/**
 * Section: cost per 1,000 active users per month at list prices (bench/prices.ts). The stack's
 * own definitions give the memory sizes, queue batch sizes and schedules
 * (infra/lambda-functions.ts) and the push safety-read interval (core/domain/read-schedule.ts); this run's
 * measurements give the DynamoDB units and each run's CPU time and requests; what neither can
 * say is an assumption in prices.ts, printed with the inputs.
 */

const DAYS = 30;
const USERS = 1000;
const BUDGET_PER_1000 = 5;
const DAY_MS = 86_400_000;

const specOf = (name: LambdaName) => LAMBDAS.find((l) => l.name === name)!;
const batchOf = (queue: (typeof QUEUES)[number]['name']) => QUEUES.find((q) => q.name === queue)!.batchSize;
const memoryGb = (name: LambdaName) => specOf(name).memoryMb / 1024;
/**
 * Billed time of one user's run inside a batch: its CPU as measured here, stretched by the
 * fraction of a vCPU the function's memory buys, plus its share of the batch's waiting. The
 * worker runs a batch's users concurrently (adapters/queue/sqs-batch.ts), so their round trips
 * overlap and the invocation waits about as long as one user's, while their CPU shares the
 * function's fraction of a core. (Measured CPU, not wall time: this machine's load is not Lambda's.)
 */
const vcpuShare = (memoryMb: number) => Math.min(1, memoryMb / ASSUMPTIONS.fullVcpuMemoryMb);
const billedMs = (run: { cpuMs: number; requests: number }, usersPerInvocation: number, memoryMb: number) =>
  (run.cpuMs * ASSUMPTIONS.cpuFactorVsLocal) / vcpuShare(memoryMb) + (run.requests * ASSUMPTIONS.dynamoRoundTripMs) / usersPerInvocation;

export function costModel(): SectionResult {
  const { lines, details } = monthlyCost(dayUnits.sweepsPerDay);
  const perUser = totalOf(lines);
  // What a user costs whose calendars the sweep polls (feeds, a calendar without push): every
  // tick wakes them, 96 sweeps a day, the extra ones unchanged.
  const polled = `$${round(totalOf(monthlyCost((24 * 60) / SCHEDULE_MINUTES.sweep).lines) * USERS, 2)}`;
  return {
    id: 'cost',
    title: 'Cost per 1,000 active users per month (AWS list prices)',
    figures: [
      ...Object.entries(lines).map(([label, perUserCost]) => ({ label, value: `$${round(perUserCost * USERS, 2)}` })),
      { label: 'total per 1,000 users', value: `$${round(perUser * USERS, 2)} ($${round(perUser, 4)} per user)` },
      ...details,
      { label: `the same users with feeds the sweep polls every ${SCHEDULE_MINUTES.sweep} min instead of push (every tick a sweep, all else as measured)`, value: polled },
    ],
    budgets: [{ name: 'cost per 1,000 active users per month', measured: round(perUser * USERS, 2), limit: BUDGET_PER_1000, unit: '$', kind: 'max' }],
    charts: [{ title: 'Monthly cost per 1,000 users by service', unit: '$', series: Object.entries(lines).map(([label, v]) => ({ label, value: round(v * USERS, 2) })) }],
  };
}

const totalOf = (lines: Record<string, number>) => Object.values(lines).reduce((a, b) => a + b, 0);

/** A user's month by service, with `sweepsPerDay` sweep runs (the wake rule's, or another count to compare). */
function monthlyCost(sweepsPerDay: number): { lines: Record<string, number>; details: { label: string; value: string }[] } {
  // The measured day has the wake rule's sweeps; another count has more or fewer unchanged ones.
  const unchangedDelta = sweepsPerDay - dayUnits.sweepsPerDay;
  const dayRead = dayUnits.read + unchangedDelta * dayUnits.unchangedSweep.read;
  const dayWrite = dayUnits.write + unchangedDelta * dayUnits.unchangedSweep.write;
  const sweeps = sweepsPerDay * DAYS;
  const inferring = dayUnits.inferringSweepsPerDay * DAYS;
  const proposals = TYPICAL.proposalsPerDay * DAYS;
  const httpRequests = ASSUMPTIONS.dashboardRequestsPerMonth + ASSUMPTIONS.bookingPageRequestsPerMonth;
  // A queue hands a worker up to a batch of users per invocation; each user is a run.
  const invocations = sweeps / batchOf('sweep') + proposals / batchOf('propose') + httpRequests;
  const sweepBatch = batchOf('sweep');
  const sweepMb = specOf('sweep').memoryMb;
  const sweepGbSeconds = ((sweeps - inferring) * billedMs(dayUnits.unchangedSweep, sweepBatch, sweepMb) + inferring * billedMs(dayUnits.inferringSweep, sweepBatch, sweepMb)) / 1000 * memoryGb('sweep');
  const proposalGbSeconds = (proposals * billedMs(dayUnits.proposalRun, batchOf('propose'), specOf('propose').memoryMb)) / 1000 * memoryGb('propose');
  const httpGbSeconds = (httpRequests * ASSUMPTIONS.httpRequestMs) / 1000 * memoryGb('app');
  const gbSeconds = sweepGbSeconds + proposalGbSeconds + httpGbSeconds;
  // SQS: the tick sends in tens (SendMessageBatch); the event source receives and deletes a batch at a time.
  const sqsPerSweep = 1 / 10 + 2 / batchOf('sweep');
  const sqsPerProposal = 1 / 10 + 2 / batchOf('propose');
  // KMS: tokens open under the month's branch key, which a process unwraps once an hour
  // (adapters/secrets/branch-keys.ts): requests follow the containers that open tokens, not the
  // opens. Upper bound from the stack: every token worker at its queue's maximum concurrency and
  // one warm container of each token-using page function, all hour, every hour.
  const tokenWorkers = QUEUES.filter((q) => specOf(q.consumer).tokens).reduce((n, q) => n + q.maxConcurrency, 0);
  const tokenPages = LAMBDAS.filter((l) => l.tokens && !QUEUES.some((q) => q.consumer === l.name) && l.name !== 'tick').length;
  const kmsPerMonthPer1000 = (tokenWorkers + tokenPages) * (DAY_MS / BRANCH_KEY_CACHE_MS) * DAYS;
  // What the per-opening design cost: a Decrypt for every read of a provider calendar.
  const decryptsBefore = (DAY_MS / PUSH_SAFETY_READ_MS) * ASSUMPTIONS.providerConnections + ASSUMPTIONS.notificationsPerDay + TYPICAL.proposalsPerDay + TYPICAL.bookingsPerWeek / 7;
  // Mail a month (bench/mail-volume.ts). The digest's and the booking's own mail writes are in their units.
  const mail = typicalMailPerMonth(DAYS);
  const mailsPerMonth = mail.total;
  const unmeasuredMails = mail.followUps + mail.links;
  const userRuns = sweeps + proposals + httpRequests;
  const logGb = (invocations * ASSUMPTIONS.platformLogBytesPerInvocation + userRuns * ASSUMPTIONS.logBytesPerRun) / 1e9;
  const lines = {
    'Lambda (requests + arm64 GB-s)': invocations * PRICES.lambdaRequest + gbSeconds * PRICES.lambdaArmGbSecond,
    // The digest's and the booking's mail writes are in the measured units; the follow-up and
    // link emails cost what a message of the booking measured.
    'DynamoDB (on-demand units)': DAYS * (dayRead * PRICES.dynamoReadRequestUnit + dayWrite * PRICES.dynamoWriteRequestUnit) + unmeasuredMails * dayUnits.mailWritesPerMessage * PRICES.dynamoWriteRequestUnit,
    'DynamoDB storage': ASSUMPTIONS.storageGbPerUser * PRICES.dynamoStorageGbMonth,
    'HTTP API': httpRequests * PRICES.httpApiRequest,
    'SQS (sweep and proposal messages)': (sweeps * sqsPerSweep + proposals * sqsPerProposal) * PRICES.sqsRequest,
    'EventBridge Scheduler (shared ticks, per user)': 0,
    'KMS (branch-key unwraps, per container-hour)': (kmsPerMonthPer1000 / USERS) * PRICES.kmsRequest,
    'SES (mail)': mailsPerMonth * PRICES.sesMessage,
    'CloudWatch Logs': logGb * (PRICES.cloudWatchLogsIngestGb + PRICES.cloudWatchLogsStorageGbMonth * ASSUMPTIONS.logRetentionMonths),
  };
  const details = [
    {
      label: 'inputs from the stack',
      value: `sweep tick every ${SCHEDULE_MINUTES.sweep} min, ${round(sweepsPerDay, 1)} sweeps a user-day (only users due are enqueued), ${batchOf('sweep')} users per sweep invocation at ${specOf('sweep').memoryMb} MB; proposals ${batchOf('propose')} per invocation at ${specOf('propose').memoryMb} MB; pages at ${specOf('app').memoryMb} MB; push-covered calendars read every ${PUSH_SAFETY_READ_MS / 3_600_000} h`,
    },
    {
      label: 'inputs measured in this run',
      value: `${round(dayRead)} RCU + ${round(dayWrite)} WCU a user-day; a user's sweep billed ${round(billedMs(dayUnits.unchangedSweep, sweepBatch, sweepMb), 1)} ms unchanged, ${round(billedMs(dayUnits.inferringSweep, sweepBatch, sweepMb), 1)} ms inferring, a day's proposal run ${round(billedMs(dayUnits.proposalRun, batchOf('propose'), specOf('propose').memoryMb), 1)} ms (CPU here × ${ASSUMPTIONS.cpuFactorVsLocal} over the ${round(vcpuShare(sweepMb), 2)} vCPU ${sweepMb} MB buys, plus ${ASSUMPTIONS.dynamoRoundTripMs} ms a DynamoDB request shared by the batch)`,
    },
    {
      label: 'assumed',
      value: `${httpRequests} page/API requests a month at ${ASSUMPTIONS.httpRequestMs} ms; KMS: at most ${tokenWorkers} token workers + ${tokenPages} page functions warm every hour, one unwrap each an hour (${round(kmsPerMonthPer1000)} requests a month for 1,000 users; opening each token with KMS would make ${round(decryptsBefore * DAYS * USERS)} for ${ASSUMPTIONS.providerConnections} provider connection each with ${ASSUMPTIONS.notificationsPerDay} push notifications a day); ${ASSUMPTIONS.storageGbPerUser * 1000} MB stored; logs ${ASSUMPTIONS.platformLogBytesPerInvocation} B an invocation + ${ASSUMPTIONS.logBytesPerRun} B a run`,
    },
    { label: 'mail a month', value: `${round(mailsPerMonth, 1)} messages a user (digest ${round(mail.digests, 1)}, follow-ups ${mail.followUps}, link emails ${mail.links}, host alerts ${round(mail.hostAlerts, 1)}), ${round(mailsPerMonth * USERS)} per 1,000 users; ${round(dayUnits.mailWritesPerMessage, 1)} write units a message in the outbox (measured)` },
    { label: 'not per user', value: 'the KMS key ($1/month), the schedules (2 ticks: 96 + 24 invocations a day for all users), alarms and the dashboard' },
  ];
  return { lines, details };
}
