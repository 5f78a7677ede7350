import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [vue()],
  test: {
    // chDB binds one data directory per process: every test file runs in its own fork.
    pool: 'forks',
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: more parallel files only fight for them.
    maxWorkers: 2,
    environment: 'node',
  },
});
