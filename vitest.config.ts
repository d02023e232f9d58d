import { defineConfig } from 'vitest/config';

// Lambda runs Node 22; the SDK's notice about its future Node 22 requirement is noise here.
// Set before the global setup loads the SDK, and inherited by the test workers.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// Tests assert on behaviour, not on log lines; a test that checks logs captures them itself.
process.env.RAPPORT_LOG_LEVEL ??= 'warn';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One DynamoDB Local (in memory) per run, started before and stopped after all tests.
    globalSetup: ['test/support/global-setup.ts', 'test/support/test-tls.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
