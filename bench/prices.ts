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
  /** Amazon SES outbound, per message. */
  sesMessage: 0.1 / 1000,
} as const;

/**
 * What the model assumes where neither the stack's definitions nor the benchmark can say:
 * page traffic of a typical user, how a run's time on Lambda relates to what was measured
 * here, the log bytes, what a user's data weighs, and how a provider user's calendar is fed.
 */
export const ASSUMPTIONS = {
  /** Lambda's arm64 core against this machine's, for the CPU part of a run. */
  cpuFactorVsLocal: 1,
  /**
   * Lambda gives a function CPU in proportion to its memory, one vCPU at 1,769 MB (AWS Lambda
   * documentation, "Memory and computing power"): below that, CPU-bound work takes longer by
   * the same proportion, and the batch's users share that fraction of a core.
   */
  fullVcpuMemoryMb: 1769,
  /** One DynamoDB request from Lambda in the same region (single-digit milliseconds). */
  dynamoRoundTripMs: 6,
  dashboardRequestsPerMonth: 60,
  bookingPageRequestsPerMonth: 12,
  /** Billed time of a page or API request (the bench's booking-page section measures the local figure). */
  httpRequestMs: 100,
  /** The platform's START/END/REPORT lines of an invocation. */
  platformLogBytesPerInvocation: 300,
  /** Our lines for one user's run, averaged: most sweeps change nothing and log nothing; a sync that writes logs a summary line per calendar. */
  logBytesPerRun: 100,
  logRetentionMonths: 1,
  storageGbPerUser: 0.002,
  /** A provider user: one Google or Outlook connection with push, and the changes it notifies a day. */
  providerConnections: 1,
  notificationsPerDay: 8,
  /** Days a month with someone new met (a next-day follow-up email each). */
  followUpMailDaysPerMonth: 8,
  /** Booking links emailed a month (Send link; sending automatically is off by default). */
  linkMailsPerMonth: 4,
} as const;
