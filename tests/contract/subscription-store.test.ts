import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteSubscriptionStore } from '../../src/adapters/state/sqlite-subscription-store.js';
import { describeSubscriptionStoreContract } from './subscription-store.contract.js';

describeSubscriptionStoreContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'newswatch-websub-'));
  const file = join(dir, 'state', 'newswatch.sqlite');
  return {
    store: createSqliteSubscriptionStore(file),
    reopen: async () => createSqliteSubscriptionStore(file),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
