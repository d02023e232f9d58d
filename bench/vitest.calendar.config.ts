import { defineConfig } from 'vitest/config';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.RAPPORT_LOG_LEVEL ??= 'warn';

/**
 * The benchmark's calendar section runs under vitest for the same global setup as the tests:
 * one DynamoDB Local, and the test certificate authority the local Microsoft server needs
 * (Node only trusts it when it is set before the process starts).
 */
export default defineConfig({
  test: {
    include: ['bench/calendar-requests.measure.ts'],
    globalSetup: ['test/support/global-setup.ts', 'test/support/test-tls.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
