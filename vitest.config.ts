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
    // A worker process serves many files: a new process per file re-imported the AWS SDK,
    // MSAL, googleapis and Playwright for each one (about 0.9 s of CPU a file that uses them).
    // What a fresh process gave each file (its own modules and environment) the setup file
    // restores; see test/support/per-file-reset.ts.
    isolate: false,
    setupFiles: ['test/support/per-file-reset.ts'],
    // vitest's default on a 2-core machine is one worker, and most files wait more than they
    // compute (DynamoDB Local, child processes, Chromium): a second worker fills those waits.
    // A third was faster still on paper but, on a busy shared machine, pushed DynamoDB Local's
    // 30 s start deadline and the test timeouts over the edge.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
