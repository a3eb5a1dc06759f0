import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_KEPT, createSqliteLiveConfigStore } from '../../src/adapters/state/sqlite-live-config-store.js';
import { createSqliteStateStore } from '../../src/adapters/state/sqlite-state-store.js';
import { describeLiveConfigStoreContract, makeAudit, makeLiveTopic } from './live-config-store.contract.js';

describeLiveConfigStoreContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'newswatch-live-'));
  const file = join(dir, 'state', 'newswatch.sqlite');
  return {
    store: createSqliteLiveConfigStore(file),
    reopen: async () => createSqliteLiveConfigStore(file),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('SQLite live configuration store', () => {
  it('shares the state file with the state store without touching its tables', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newswatch-live-'));
    const file = join(dir, 'newswatch.sqlite');
    const state = createSqliteStateStore(file);
    const live = createSqliteLiveConfigStore(file);
    try {
      await state.recordSeen(['seen:1'], [], '2024-05-01T10:00:00.000Z');
      await live.apply({ kind: 'put-topic', topic: makeLiveTopic('stuxnet') }, makeAudit('/topic add stuxnet'));
      expect(await state.filterUnseen(['seen:1', 'seen:2'])).toEqual(['seen:2']);
      expect((await live.load()).topics.map((topic) => topic.id)).toEqual(['stuxnet']);
    } finally {
      await live.close();
      await state.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it(`keeps the latest ${AUDIT_KEPT} audit entries`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newswatch-live-'));
    const live = createSqliteLiveConfigStore(join(dir, 'newswatch.sqlite'));
    try {
      for (let i = 0; i < AUDIT_KEPT + 5; i += 1) await live.recordAudit(makeAudit(`/newswatch audit ${i}`));
      const entries = await live.listAudit(AUDIT_KEPT + 10);
      expect(entries).toHaveLength(AUDIT_KEPT);
      expect(entries[0]?.command).toBe(`/newswatch audit ${AUDIT_KEPT + 4}`);
      expect(entries.at(-1)?.command).toBe('/newswatch audit 5');
    } finally {
      await live.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
