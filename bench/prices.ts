/**
 * AWS list prices the cost model uses (US East (N. Virginia), on-demand, without free tiers),
 * in one place so they can be updated. Source: the public pricing pages of each service;
 * checked for this file in 2026-11.
 */
export const PRICES = {
  lambdaArmGbSecond: 0.0000133334,
  lambdaRequest: 0.2 / 1e6,
  dynamoWriteRequestUnit: 0.625 / 1e6,
  dynamoReadRequestUnit: 0.125 / 1e6,
  dynamoStorageGbMonth: 0.25,
  httpApiRequest: 1.0 / 1e6,
  sqsRequest: 0.4 / 1e6,
  schedulerInvocation: 1.0 / 1e6,
  kmsRequest: 0.03 / 1e4,
  cloudWatchLogsIngestGb: 0.5,
  cloudWatchLogsStorageGbMonth: 0.03,
} as const;

/**
 * What the model assumes where the benchmark cannot measure it, stated once: the Lambda
 * memory size, the dashboard and booking traffic of a typical user, the log bytes of an
 * invocation (the platform's START/END/REPORT lines plus ours), and what a typical user's
 * data weighs. Provider calendars are push-driven: notifications and a safety sweep, each
 * opening the sealed token once (one KMS Decrypt).
 */
export const ASSUMPTIONS = {
  lambdaMemoryGb: 0.25,
  /** Billed duration on AWS against what the same work took here on DynamoDB Local (slower than DynamoDB). */
  durationFactorVsLocal: 1,
  dashboardRequestsPerMonth: 60,
  bookingPageRequestsPerMonth: 12,
  logBytesPerInvocation: 400,
  logRetentionMonths: 1,
  storageGbPerUser: 0.002,
  kmsDecryptsPerDay: 14,
  /**
   * SQS requests per message: the tick sends in batches of 10 (SendMessageBatch) and the
   * Lambda event source receives and deletes in batches of 10 (infra/lambda-functions.ts
   * QUEUES), so 0.3.
   */
  sqsRequestsPerMessage: 0.3,
} as const;
