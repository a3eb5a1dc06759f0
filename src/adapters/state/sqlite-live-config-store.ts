import { openSqlite } from './open-sqlite.js';
import type { LiveFeed, LiveTopic } from '../../core/settings/chat-overlay.js';
import type { AuditEntry, LiveChange } from '../../core/commands/live-config.js';
import type { LiveConfigStore } from '../../ports/live-config-store.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS live_topic (id TEXT PRIMARY KEY, record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS live_feed (id TEXT PRIMARY KEY, record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS live_audit (seq INTEGER PRIMARY KEY AUTOINCREMENT, record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS live_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO live_meta (key, value) VALUES ('version', 0);
`;

/** Audit entries kept; older ones are dropped as new ones come. */
export const AUDIT_KEPT = 10_000;

/**
 * The live configuration in SQLite, in its own tables of the state file. Several processes on one machine may
 * open the same file: WAL mode and a busy timeout let them share it, and the version row tells each of them
 * when another changed something.
 */
export function createSqliteLiveConfigStore(file: string): LiveConfigStore {
  const db = openSqlite(file, SCHEMA);

  const statements = {
    version: db.prepare<[], { value: number }>("SELECT value FROM live_meta WHERE key = 'version'"),
    bump: db.prepare("UPDATE live_meta SET value = value + 1 WHERE key = 'version'"),
    topics: db.prepare<[], { record: string }>('SELECT record FROM live_topic ORDER BY id'),
    feeds: db.prepare<[], { record: string }>('SELECT record FROM live_feed ORDER BY id'),
    putTopic: db.prepare('INSERT INTO live_topic (id, record) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET record = excluded.record'),
    deleteTopic: db.prepare('DELETE FROM live_topic WHERE id = ?'),
    putFeed: db.prepare('INSERT INTO live_feed (id, record) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET record = excluded.record'),
    deleteFeed: db.prepare('DELETE FROM live_feed WHERE id = ?'),
    addAudit: db.prepare('INSERT INTO live_audit (record) VALUES (?)'),
    trimAudit: db.prepare('DELETE FROM live_audit WHERE seq <= (SELECT MAX(seq) FROM live_audit) - ?'),
    listAudit: db.prepare<[number], { record: string }>('SELECT record FROM live_audit ORDER BY seq DESC LIMIT ?'),
  };
  const currentVersion = (): number => statements.version.get()?.value ?? 0;

  const recordAudit = (entry: AuditEntry): void => {
    statements.addAudit.run(JSON.stringify(entry));
    statements.trimAudit.run(AUDIT_KEPT);
  };

  const load = db.transaction(() => ({
    version: currentVersion(),
    topics: statements.topics.all().map((row) => JSON.parse(row.record) as LiveTopic),
    feeds: statements.feeds.all().map((row) => JSON.parse(row.record) as LiveFeed),
  }));

  const apply = db.transaction((change: LiveChange, audit: AuditEntry): number => {
    if (change.kind === 'put-topic') statements.putTopic.run(change.topic.id, JSON.stringify(change.topic));
    else if (change.kind === 'delete-topic') statements.deleteTopic.run(change.id);
    else if (change.kind === 'put-feed') statements.putFeed.run(change.feed.id, JSON.stringify(change.feed));
    else statements.deleteFeed.run(change.id);
    recordAudit(audit);
    statements.bump.run();
    return currentVersion();
  });

  return {
    async load() {
      return load();
    },
    async version() {
      return currentVersion();
    },
    async apply(change, audit) {
      // IMMEDIATE takes the write lock first, so two processes never interleave a change and its version bump.
      return apply.immediate(change, audit);
    },
    async recordAudit(entry) {
      recordAudit(entry);
    },
    async listAudit(limit) {
      return statements.listAudit.all(Math.max(0, Math.floor(limit))).map((row) => JSON.parse(row.record) as AuditEntry);
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
