import { dayUnits } from './dynamo-units.js';
import { ASSUMPTIONS, PRICES } from './prices.js';
import { round, type SectionResult } from './report.js';
import { TYPICAL } from './workload.js';

/**
 * Section 7: cost per 1,000 active users per month at list prices (bench/prices.ts), from the
 * counts measured in this run (DynamoDB units and sweep durations) and the stated assumptions.
 */

const DAYS = 30;
const USERS = 1000;
const BUDGET_PER_1000 = 10;

export function costModel(): SectionResult {
  const sweeps = dayUnits.sweepsPerDay * DAYS;
  const proposals = TYPICAL.proposalsPerDay * DAYS;
  const inferring = dayUnits.inferringSweepsPerDay * DAYS;
  const httpRequests = ASSUMPTIONS.dashboardRequestsPerMonth + ASSUMPTIONS.bookingPageRequestsPerMonth;
  const invocations = sweeps + proposals + httpRequests;
  const gbSeconds =
    ((sweeps - inferring) * dayUnits.unchangedSweepMs + inferring * dayUnits.inferringSweepMs + (proposals + httpRequests) * dayUnits.inferringSweepMs) *
    ASSUMPTIONS.durationFactorVsLocal / 1000 * ASSUMPTIONS.lambdaMemoryGb;
  const lines = {
    'Lambda (requests + arm64 GB-s)': invocations * PRICES.lambdaRequest + gbSeconds * PRICES.lambdaArmGbSecond,
    'DynamoDB (on-demand units)': DAYS * (dayUnits.read * PRICES.dynamoReadRequestUnit + dayUnits.write * PRICES.dynamoWriteRequestUnit),
    'DynamoDB storage': ASSUMPTIONS.storageGbPerUser * PRICES.dynamoStorageGbMonth,
    'HTTP API': httpRequests * PRICES.httpApiRequest,
    'SQS (sweep and proposal messages)': (sweeps + proposals) * ASSUMPTIONS.sqsRequestsPerMessage * PRICES.sqsRequest,
    'EventBridge Scheduler (shared ticks, per user)': 0,
    'KMS (token decrypts)': ASSUMPTIONS.kmsDecryptsPerDay * DAYS * PRICES.kmsRequest,
    'CloudWatch Logs': (invocations * ASSUMPTIONS.logBytesPerInvocation / 1e9) * (PRICES.cloudWatchLogsIngestGb + PRICES.cloudWatchLogsStorageGbMonth * ASSUMPTIONS.logRetentionMonths),
  };
  const perUser = Object.values(lines).reduce((a, b) => a + b, 0);
  return {
    id: 'cost',
    title: 'Cost per 1,000 active users per month (AWS list prices)',
    figures: [
      ...Object.entries(lines).map(([label, perUserCost]) => ({ label, value: `$${round(perUserCost * USERS, 2)}` })),
      { label: 'total per 1,000 users', value: `$${round(perUser * USERS, 2)} ($${round(perUser, 4)} per user)` },
      { label: 'inputs', value: `${sweeps} sweeps + ${proposals} proposal runs + ${httpRequests} page/API requests per user-month; sweep ${round(dayUnits.unchangedSweepMs, 1)} ms unchanged, ${round(dayUnits.inferringSweepMs, 1)} ms inferring (measured locally), ${ASSUMPTIONS.lambdaMemoryGb * 1024} MB` },
      { label: 'not per user', value: 'the KMS key ($1/month), the schedules (2 ticks: 96 + 24 invocations a day for all users), alarms and the dashboard' },
    ],
    budgets: [{ name: 'cost per 1,000 active users per month', measured: round(perUser * USERS, 2), limit: BUDGET_PER_1000, unit: '$', kind: 'max' }],
    charts: [{ title: 'Monthly cost per 1,000 users by service', unit: '$', series: Object.entries(lines).map(([label, v]) => ({ label, value: round(v * USERS, 2) })) }],
  };
}
