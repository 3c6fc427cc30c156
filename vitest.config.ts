import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['test/helpers/setup.ts'],
    // Finds moto_server and cfn-lint once per run (skips their tests, loudly, where they are missing).
    globalSetup: ['test/helpers/external-tools.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Tests never reach AWS: any forgotten mock fails on these fake credentials, not on a real account.
    env: {
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'test-secret',
      AWS_REGION: 'eu-west-1',
      POWERTOOLS_DEV: 'false',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_TRACE_ENABLED: 'false',
    },
  },
});
