import type { FunctionName } from '../lib/edge/http/routes.js';
import { WAKE_PARTITION_PREFIX } from '../lib/adapters/store/schedule-keys.js';
import { PROPOSAL_HOUR_INDEX, SWEEP_INDEX } from '../lib/adapters/store/table-definition.js';

/**
 * Every Lambda entry point in functions/ and exactly what it may touch. The stack grants from
 * this table and nothing else, so least privilege is reviewed in one place (and the infra tests
 * check the synthesized policies against it).
 */

export type WorkerName = 'tick' | 'sweep' | 'propose' | 'microsoft-push' | 'mail-events';
export type LambdaName = FunctionName | WorkerName;

/** `read`: GetItem, BatchGetItem, Query. `write` adds PutItem, UpdateItem, DeleteItem, BatchWriteItem, ConditionCheckItem. `schedule`: Query on the two schedule indexes and the sweep's wake-time partitions only ({@link SCHEDULE_ACCESS}). */
export type TableAccess = 'none' | 'read' | 'write' | 'schedule';

export interface LambdaSpec {
  name: LambdaName;
  description: string;
  table: TableAccess;
  /** Unseals and seals OAuth tokens (kms:Decrypt, kms:GenerateDataKey on the token key). */
  tokens: boolean;
  /** Reads the signing-key secret (CSRF, booking links, feeds, push tokens, sessions). */
  signingKey: boolean;
  /** Reads the OAuth clients secret (Google / Microsoft client id and secret). */
  oauthClients: boolean;
  /** Queues it sends to. */
  sends: readonly ('sweep' | 'propose' | 'push')[];
  /** Sends mail through SES (ses:SendEmail / SendRawEmail on the configured identity and configuration set only). */
  mail: boolean;
  memoryMb: number;
  timeoutSeconds: number;
}

/** Most functions work on a user's calendars: full table access, tokens, both secrets. */
const spec = (name: LambdaName, description: string, timeoutSeconds: number, access: Partial<LambdaSpec>): LambdaSpec => ({
  name,
  description,
  table: 'write',
  tokens: true,
  signingKey: true,
  oauthClients: true,
  sends: [],
  mail: false,
  memoryMb: 512,
  timeoutSeconds,
  ...access,
});
// API Gateway's HTTP API stops waiting at 30 s; queue workers get longer for slow providers.
const http = (name: FunctionName, description: string, access: Partial<LambdaSpec>) => spec(name, description, 29, access);
const worker = (name: WorkerName, description: string, access: Partial<LambdaSpec>) => spec(name, description, 120, access);

export const LAMBDAS: readonly LambdaSpec[] = [
  http('health', 'Health check: answers without touching anything', { table: 'none', tokens: false, signingKey: false, oauthClients: false, memoryMb: 256, timeoutSeconds: 5 }),
  http('app', 'Dashboard (/app) and JSON API (/api), signed-in users only', { mail: true }),
  http('book', 'Guest booking and manage pages (/book), public behind their tokens', { mail: true }),
  http('feed', 'Suggestions feed for calendar apps (/ics)', { table: 'read', tokens: false, oauthClients: false, memoryMb: 256 }),
  http('google-oauth', 'Google sign-in and connect round trip', {}),
  http('google-webhook', 'Google push notifications: syncs the notified calendar', {}),
  http('microsoft-oauth', 'Microsoft sign-in and connect round trip', {}),
  // Only checks the notification and queues the work: no tokens, and Graph's 3 s are safe.
  http('microsoft-webhook', 'Graph notifications: validated, acknowledged, queued', { table: 'read', tokens: false, sends: ['push'], memoryMb: 256, timeoutSeconds: 10 }),
  worker('tick', 'Schedules: enqueues one message per user from the schedule indexes', { table: 'schedule', tokens: false, signingKey: false, oauthClients: false, sends: ['sweep', 'propose'], memoryMb: 256, timeoutSeconds: 300 }),
  worker('sweep', 'Per-user calendar sweep (from the sweep queue)', { mail: true }),
  worker('propose', 'Per-user morning proposal run (from the proposal queue)', { mail: true }),
  worker('microsoft-push', 'Per-connection work after a Graph notification (from the push queue)', {}),
  // Writes suppressions only: no tokens, no secrets, and it sends nothing.
  worker('mail-events', 'SES bounces and complaints (SNS) onto the suppression lists', { tokens: false, signingKey: false, oauthClients: false, memoryMb: 256, timeoutSeconds: 30 }),
];

/**
 * Queues and the worker that consumes each. A batch's users are worked on concurrently (the
 * work is I/O); `maxConcurrency` caps the worker's executions, which is the knob that keeps a
 * sweep round under the providers' per-project rates (README: Scale).
 */
export const QUEUES = [
  { name: 'sweep', consumer: 'sweep', batchSize: 10, maxConcurrency: 20 },
  { name: 'propose', consumer: 'propose', batchSize: 10, maxConcurrency: 20 },
  { name: 'push', consumer: 'microsoft-push', batchSize: 5, maxConcurrency: 20 },
] as const satisfies readonly { name: 'sweep' | 'propose' | 'push'; consumer: WorkerName; batchSize: number; maxConcurrency: number }[];

/**
 * How often each schedule fires the tick, in minutes: the sweep on a rate, the proposal run
 * on the hour (a cron at minute 0). The stack builds the schedules from this and the bench's
 * cost model counts runs from it.
 */
export const SCHEDULE_MINUTES = { sweep: 15, propose: 60 } as const;

export const TABLE_ACTIONS: Record<Exclude<TableAccess, 'none'>, readonly string[]> = {
  read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
  write: [
    'dynamodb:GetItem',
    'dynamodb:BatchGetItem',
    'dynamodb:Query',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
    'dynamodb:ConditionCheckItem',
  ],
  schedule: ['dynamodb:Query'],
};

/**
 * What `schedule` access reaches: the two schedule indexes, and in the table only the
 * partitions of the sweep's wake times (an IAM condition on the leading key; adapters/store/wake.ts).
 */
export const SCHEDULE_ACCESS = {
  indexes: [SWEEP_INDEX.indexName, PROPOSAL_HOUR_INDEX.indexName],
  tablePartitions: [`${WAKE_PARTITION_PREFIX}*`],
} as const;
