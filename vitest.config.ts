import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { SlowFirstSequencer } from './tests/support/slow-first-sequencer.js';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // vitest's default, a fork per core less one, is a single fork on two cores, while the end-to-end files spend
    // much of their time waiting on the processes and servers they start: one fork more than cores keeps the
    // cores busy without starving the timing-sensitive tests (docs/testing.md).
    poolOptions: { forks: { maxForks: availableParallelism() + 1, minForks: 1 } },
    sequence: { sequencer: SlowFirstSequencer },
    globalSetup: ['./tests/support/global-redis.ts', './tests/support/global-cli-build.ts'],
  },
});
