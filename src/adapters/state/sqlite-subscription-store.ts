import type { WebSubSubscription } from '../../core/websub/subscription.js';
import type { SubscriptionStore } from '../../ports/subscription-store.js';
import { openSqlite } from './open-sqlite.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS websub_subscription (feed_id TEXT PRIMARY KEY, request_id TEXT NOT NULL, record TEXT NOT NULL);
`;

/** The WebSub subscriptions in their own table of the state file; an update reads and writes in one transaction. */
export function createSqliteSubscriptionStore(file: string): SubscriptionStore {
  const db = openSqlite(file, SCHEMA);
  const statements = {
    get: db.prepare<[string], { record: string }>('SELECT record FROM websub_subscription WHERE feed_id = ?'),
    list: db.prepare<[], { record: string }>('SELECT record FROM websub_subscription ORDER BY feed_id'),
    put: db.prepare(
      `INSERT INTO websub_subscription (feed_id, request_id, record) VALUES (?, ?, ?)
       ON CONFLICT(feed_id) DO UPDATE SET request_id = excluded.request_id, record = excluded.record`,
    ),
    getCurrent: db.prepare<[string, string], { record: string }>('SELECT record FROM websub_subscription WHERE feed_id = ? AND request_id = ?'),
    putRecord: db.prepare('UPDATE websub_subscription SET record = ? WHERE feed_id = ?'),
    deleteIfCurrent: db.prepare('DELETE FROM websub_subscription WHERE feed_id = ? AND request_id = ?'),
  };
  const update = db.transaction((feedId: string, requestId: string, changes: Partial<WebSubSubscription>): boolean => {
    const row = statements.getCurrent.get(feedId, requestId);
    if (!row) return false;
    statements.putRecord.run(JSON.stringify({ ...(JSON.parse(row.record) as WebSubSubscription), ...changes, feedId, requestId }), feedId);
    return true;
  });
  return {
    async get(feedId) {
      const row = statements.get.get(feedId);
      return row ? (JSON.parse(row.record) as WebSubSubscription) : null;
    },
    async list() {
      return statements.list.all().map((row) => JSON.parse(row.record) as WebSubSubscription);
    },
    async save(subscription) {
      statements.put.run(subscription.feedId, subscription.requestId, JSON.stringify(subscription));
    },
    async update(feedId, requestId, changes) {
      return update.immediate(feedId, requestId, changes);
    },
    async deleteIfCurrent(feedId, requestId) {
      return statements.deleteIfCurrent.run(feedId, requestId).changes === 1;
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
