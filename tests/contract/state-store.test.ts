import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStateStore } from '../../src/adapters/state/sqlite-state-store.js';
import { describeStateStoreContracts } from './state-store.contract.js';

describeStateStoreContracts('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'newswatch-contract-'));
  const store = createSqliteStateStore(join(dir, 'state', 'newswatch.sqlite'));
  const twin = createSqliteStateStore(join(dir, 'state', 'newswatch.sqlite'));
  return {
    store,
    twin,
    dispose: async () => {
      await twin.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
