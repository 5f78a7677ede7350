import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

/**
 * Integration tests that are about the embedded engine itself (its child process, its data directory,
 * the chDB files it inherited) or that need no ClickHouse at all: they run in the embedded project only.
 */
const EMBEDDED_ONLY = [
  'tests/integration/engine-supervision.test.ts', // kills and restarts the engine child process
  'tests/integration/integrity.test.ts', // detaches parts in the engine's own data directory
  'tests/integration/torture-crash.test.ts', // kill -9 of the engine child process
  'tests/integration/ops-demo.test.ts', // the demo is the embedded engine by definition
  'tests/integration/connector-clients.test.ts', // the dialer side only; no FloorPulse store
  'tests/integration/connector-sender.test.ts', // the dialer side only; no FloorPulse store
];

export default defineConfig({
  plugins: [vue()],
  test: {
    // chDB binds one data directory per process: every test file runs in its own fork.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: more parallel files only fight for them.
    maxWorkers: 2,
    environment: 'node',
    projects: [
      {
        // Every test, each file on its own embedded ClickHouse (the engine of the chdb package).
        extends: true,
        test: { name: 'embedded', include: ['tests/**/*.test.ts'], exclude: ['tests/server/**'] },
      },
      {
        // The integration suite again against one ClickHouse server (CLICKHOUSE_URL) with the repo's users.d,
        // plus the tests of what only a server has (tests/server): a database per test file.
        extends: true,
        test: {
          name: 'server',
          include: ['tests/integration/**/*.test.ts', 'tests/server/**/*.test.ts'],
          exclude: EMBEDDED_ONLY,
          globalSetup: ['tests/setup/clickhouse-server.ts'],
        },
      },
    ],
  },
});
