import { openSqlite } from './open-sqlite.js';
import type { Article } from '../../core/article.js';
import type { DeliveryClaim, DeliveryRecord, PostedMessage } from '../../core/records/delivery.js';
import type { FeedState } from '../../core/records/feed-state.js';
import type { GroupedArticle, StoredArticle, StoryMember } from '../../core/records/stored-article.js';
import type { StateStore } from '../../ports/state-store.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS feed_state (feed_id TEXT PRIMARY KEY, state TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS seen (key TEXT PRIMARY KEY, seen_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS seen_at ON seen (seen_at);
CREATE TABLE IF NOT EXISTS pending_article (key TEXT PRIMARY KEY, article TEXT NOT NULL, queued_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS article (
  key TEXT PRIMARY KEY, analyzed_at TEXT NOT NULL, story_id TEXT NOT NULL, record TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS article_analyzed ON article (analyzed_at);
CREATE TABLE IF NOT EXISTS delivery (
  article_key TEXT NOT NULL, channel_id TEXT NOT NULL, story_id TEXT NOT NULL, status TEXT NOT NULL,
  created_at TEXT NOT NULL, record TEXT NOT NULL, PRIMARY KEY (article_key, channel_id));
CREATE INDEX IF NOT EXISTS delivery_status ON delivery (status, created_at);
CREATE INDEX IF NOT EXISTS delivery_story ON delivery (story_id, channel_id, created_at);
CREATE TABLE IF NOT EXISTS claim (token TEXT PRIMARY KEY, expires_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS delivery_claim (
  article_key TEXT NOT NULL, channel_id TEXT NOT NULL, owner TEXT NOT NULL, expires_at INTEGER NOT NULL,
  PRIMARY KEY (article_key, channel_id));
`;

/**
 * Story members (story, outlet, signature, time: about 1 KB each, without the text) kept parsed, so story grouping
 * does not parse the whole window for every article: three days of about 16,000 new articles a day.
 */
const MEMBER_CACHE_SIZE = 50_000;

/**
 * The embedded store: one SQLite file, written in WAL mode so a killed process leaves it consistent. It serves
 * one process; several processes share state through the Redis store instead.
 */
export function createSqliteStateStore(file: string): StateStore {
  const db = openSqlite(file, SCHEMA);
  const memberCache = new Map<string, StoryMember>();

  const statements = {
    getFeed: db.prepare<[string], { state: string }>('SELECT state FROM feed_state WHERE feed_id = ?'),
    putFeed: db.prepare('INSERT INTO feed_state (feed_id, state) VALUES (?, ?) ON CONFLICT(feed_id) DO UPDATE SET state = excluded.state'),
    listFeeds: db.prepare<[], { state: string }>('SELECT state FROM feed_state ORDER BY feed_id'),
    isSeen: db.prepare<[string], { key: string }>('SELECT key FROM seen WHERE key = ?'),
    addSeen: db.prepare('INSERT OR IGNORE INTO seen (key, seen_at) VALUES (?, ?)'),
    addPending: db.prepare('INSERT OR IGNORE INTO pending_article (key, article, queued_at) VALUES (?, ?, ?)'),
    getPending: db.prepare<[string], { article: string }>('SELECT article FROM pending_article WHERE key = ?'),
    listPending: db.prepare<[], { article: string }>('SELECT article FROM pending_article ORDER BY queued_at, key'),
    deletePending: db.prepare('DELETE FROM pending_article WHERE key = ?'),
    putArticle: db.prepare('INSERT OR REPLACE INTO article (key, analyzed_at, story_id, record) VALUES (?, ?, ?, ?)'),
    recentArticleKeys: db.prepare<[string], { key: string }>('SELECT key FROM article WHERE analyzed_at >= ? ORDER BY analyzed_at'),
    getArticle: db.prepare<[string], { record: string }>('SELECT record FROM article WHERE key = ?'),
    getDelivery: db.prepare<[string, string], { record: string }>('SELECT record FROM delivery WHERE article_key = ? AND channel_id = ?'),
    putDelivery: db.prepare(
      `INSERT INTO delivery (article_key, channel_id, story_id, status, created_at, record) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(article_key, channel_id) DO UPDATE SET status = excluded.status, record = excluded.record`,
    ),
    insertDeliveryOnce: db.prepare(
      'INSERT OR IGNORE INTO delivery (article_key, channel_id, story_id, status, created_at, record) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    storyMessages: db.prepare<[string, string], { record: string }>(
      "SELECT record FROM delivery WHERE story_id = ? AND channel_id = ? AND status = 'sent' ORDER BY created_at",
    ),
    dropExpiredClaim: db.prepare('DELETE FROM claim WHERE token = ? AND expires_at <= ?'),
    addClaim: db.prepare('INSERT OR IGNORE INTO claim (token, expires_at) VALUES (?, ?)'),
    pruneClaims: db.prepare('DELETE FROM claim WHERE expires_at <= ?'),
    deliveryStatus: db.prepare<[string, string], { status: string }>('SELECT status FROM delivery WHERE article_key = ? AND channel_id = ?'),
    getDeliveryClaim: db.prepare<[string, string], { owner: string; expires_at: number }>(
      'SELECT owner, expires_at FROM delivery_claim WHERE article_key = ? AND channel_id = ?',
    ),
    putDeliveryClaim: db.prepare(
      `INSERT INTO delivery_claim (article_key, channel_id, owner, expires_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(article_key, channel_id) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at`,
    ),
    releaseDeliveryClaim: db.prepare('DELETE FROM delivery_claim WHERE article_key = ? AND channel_id = ? AND owner = ?'),
    // Claims a dead process left behind.
    pruneDeliveryClaims: db.prepare('DELETE FROM delivery_claim WHERE expires_at < ?'),
    pruneSeen: db.prepare('DELETE FROM seen WHERE seen_at < ?'),
    pruneArticles: db.prepare('DELETE FROM article WHERE analyzed_at < ?'),
    pruneDeliveries: db.prepare("DELETE FROM delivery WHERE created_at < ? AND status IN ('sent', 'failed')"),
  };

  const deliveryRow = (record: DeliveryRecord): unknown[] => [
    record.articleKey,
    record.channelId,
    record.alert.storyId,
    record.status,
    record.createdAt,
    JSON.stringify(record),
  ];

  const recordSeen = db.transaction((seen: readonly string[], pending: readonly Article[], at: string): Article[] => {
    const fresh: Article[] = [];
    for (const article of pending) {
      if (statements.addSeen.run(article.key, at).changes === 1) {
        statements.addPending.run(article.key, JSON.stringify(article), at);
        fresh.push(article);
      }
    }
    for (const key of seen) statements.addSeen.run(key, at);
    return fresh;
  });

  const writeCompletion = (key: string, article: StoredArticle | null, deliveries: readonly DeliveryRecord[]): void => {
    if (article) statements.putArticle.run(article.key, article.analyzedAt, article.storyId, JSON.stringify(article));
    for (const record of deliveries) statements.insertDeliveryOnce.run(...deliveryRow(record));
    statements.deletePending.run(key);
  };
  const completeArticle = db.transaction(writeCompletion);

  /** The articles analysed since `since`, oldest first, whole. */
  const readRecent = (since: string): StoredArticle[] => {
    const records: StoredArticle[] = [];
    for (const { key } of statements.recentArticleKeys.all(since)) {
      const row = statements.getArticle.get(key);
      if (row) records.push(JSON.parse(row.record) as StoredArticle);
    }
    return records;
  };

  /** The story window's members, oldest first; parses only the articles not read before. */
  const readMembers = (since: string): StoryMember[] => {
    // A stored article never changes (its key is seen for far longer than it is kept), so a parsed copy stays right.
    const members: StoryMember[] = [];
    const inWindow = new Set<string>();
    for (const { key } of statements.recentArticleKeys.all(since)) {
      inWindow.add(key);
      let member = memberCache.get(key);
      if (!member) {
        const row = statements.getArticle.get(key);
        if (!row) continue;
        const { storyId, source, signature, analyzedAt } = JSON.parse(row.record) as StoredArticle;
        member = { key, storyId, source, signature, analyzedAt };
        memberCache.set(key, member);
      }
      members.push(member);
    }
    for (const key of memberCache.keys()) if (!inWindow.has(key) || memberCache.size > MEMBER_CACHE_SIZE) memberCache.delete(key);
    return members;
  };

  // The read of the window, the grouping and the write in one transaction, which holds SQLite's write lock from
  // its start (immediate), so another process's grouping runs wholly before or after this one.
  const completeGrouped = db.transaction((key: string, since: string, group: (recent: readonly StoryMember[]) => GroupedArticle): GroupedArticle | null => {
    if (!statements.getPending.get(key)) return null;
    const grouped = group(readMembers(since));
    writeCompletion(key, grouped.article, grouped.deliveries);
    return grouped;
  });

  // An alert recorded as sent is done for good: that record, not the claim, is what a later claim finds.
  const claimDelivery = db.transaction((articleKey: string, channelId: string, owner: string, ttlMs: number, now: number): DeliveryClaim => {
    if (statements.deliveryStatus.get(articleKey, channelId)?.status === 'sent') return { status: 'done' };
    const claim = statements.getDeliveryClaim.get(articleKey, channelId);
    if (claim && claim.owner !== owner && claim.expires_at > now) return { status: 'held', expiresInMs: claim.expires_at - now };
    statements.putDeliveryClaim.run(articleKey, channelId, owner, now + Math.max(1, Math.round(ttlMs)));
    return { status: 'claimed' };
  });

  const completeDelivery = db.transaction((record: DeliveryRecord, owner: string, now: number): boolean => {
    const claim = statements.getDeliveryClaim.get(record.articleKey, record.channelId);
    const held = claim !== undefined && claim.owner === owner && claim.expires_at > now;
    statements.putDelivery.run(...deliveryRow(record));
    statements.releaseDeliveryClaim.run(record.articleKey, record.channelId, owner);
    return held;
  });

  return {
    async getFeedState(feedId) {
      const row = statements.getFeed.get(feedId);
      return row ? (JSON.parse(row.state) as FeedState) : null;
    },
    async saveFeedState(state) {
      statements.putFeed.run(state.feedId, JSON.stringify(state));
    },
    async listFeedStates() {
      return statements.listFeeds.all().map((row) => JSON.parse(row.state) as FeedState);
    },
    async filterUnseen(keys) {
      return keys.filter((key) => statements.isSeen.get(key) === undefined);
    },
    async recordSeen(seen, pending, at) {
      return recordSeen(seen, pending, at);
    },
    async getPendingArticle(key) {
      const row = statements.getPending.get(key);
      return row ? (JSON.parse(row.article) as Article) : null;
    },
    async listPendingArticles() {
      return statements.listPending.all().map((row) => JSON.parse(row.article) as Article);
    },
    async completeArticle(key, article, deliveries) {
      completeArticle(key, article, deliveries);
    },
    async completeGroupedArticle<T extends GroupedArticle>(key: string, since: string, group: (recent: readonly StoryMember[]) => T) {
      // better-sqlite3's transaction wrapper drops the type parameter; it returns what `group` returned.
      return completeGrouped.immediate(key, since, group) as T | null;
    },
    async recentArticles(since) {
      return readRecent(since);
    },
    async getDelivery(articleKey, channelId) {
      const row = statements.getDelivery.get(articleKey, channelId);
      return row ? (JSON.parse(row.record) as DeliveryRecord) : null;
    },
    async saveDelivery(record) {
      statements.putDelivery.run(...deliveryRow(record));
    },
    async listDeliveries(filter) {
      const clauses: string[] = [];
      const params: string[] = [];
      const add = (clause: string, value: string | undefined): void => {
        if (!value) return;
        clauses.push(clause);
        params.push(value);
      };
      add('status = ?', filter.status);
      add('channel_id = ?', filter.channelId);
      add('created_at >= ?', filter.since);
      const where = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
      const rows = db.prepare<string[], { record: string }>(`SELECT record FROM delivery ${where} ORDER BY created_at, article_key`).all(...params);
      return rows.map((row) => JSON.parse(row.record) as DeliveryRecord);
    },
    async claimDelivery(articleKey, channelId, owner, ttlMs, now) {
      return claimDelivery.immediate(articleKey, channelId, owner, ttlMs, now.getTime());
    },
    async completeDelivery(record, owner, now) {
      return completeDelivery.immediate(record, owner, now.getTime());
    },
    async releaseDelivery(articleKey, channelId, owner) {
      statements.releaseDeliveryClaim.run(articleKey, channelId, owner);
    },
    async findStoryMessage(storyId, channelId) {
      for (const row of statements.storyMessages.all(storyId, channelId)) {
        const record = JSON.parse(row.record) as DeliveryRecord;
        if (record.posted && record.alert.followUpOf === null) return record.posted as PostedMessage;
      }
      return null;
    },
    async claimOnce(token, ttlMs, now) {
      statements.dropExpiredClaim.run(token, now.getTime());
      return statements.addClaim.run(token, now.getTime() + ttlMs).changes === 1;
    },
    async prune(before) {
      statements.pruneClaims.run(Date.parse(before.articles));
      statements.pruneDeliveryClaims.run(Date.parse(before.articles));
      statements.pruneSeen.run(before.seen);
      statements.pruneArticles.run(before.articles);
      statements.pruneDeliveries.run(before.deliveries);
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
