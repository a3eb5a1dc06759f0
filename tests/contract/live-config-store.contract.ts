import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatAuthor, LiveFeed, LiveTopic } from '../../src/core/settings/chat-overlay.js';
import type { AuditEntry } from '../../src/core/commands/live-config.js';
import type { LiveConfigStore } from '../../src/ports/live-config-store.js';

/** Makes a fresh, empty store; `reopen` opens a second store on the same data; `dispose` removes everything. */
export type LiveConfigStoreFactory = () => Promise<{ store: LiveConfigStore; reopen: () => Promise<LiveConfigStore>; dispose: () => Promise<void> }>;

const alice: ChatAuthor = { platform: 'slack', userId: 'U0ADMIN', userName: 'alice' };
const T0 = '2024-05-01T10:00:00.000Z';

export function makeLiveTopic(id: string, overrides: Partial<LiveTopic> = {}): LiveTopic {
  return {
    id, name: id, query: id, channels: ['analysts'], mutedUntil: null, removed: false, overrides: null,
    createdBy: alice, createdAt: T0, updatedBy: alice, updatedAt: T0, ...overrides,
  };
}

export function makeLiveFeed(id: string, overrides: Partial<LiveFeed> = {}): LiveFeed {
  return { id, url: `https://${id}.example.test/rss.xml`, name: id, removed: false, overrides: null, createdBy: alice, createdAt: T0, ...overrides };
}

export function makeAudit(command: string, at = T0, outcome: AuditEntry['outcome'] = 'applied'): AuditEntry {
  return {
    at, actor: alice, command, change: `did ${command}`, outcome,
    place: { platform: 'slack', channelId: 'C0ANALYSTS', channelName: 'analysts', workspaceId: 'T0TEAM' },
  };
}

/** The behaviour every LiveConfigStore adapter must show, run once per adapter by swapping the factory. */
export function describeLiveConfigStoreContract(name: string, factory: LiveConfigStoreFactory): void {
  describe(`LiveConfigStore contract: ${name}`, () => {
    let store: LiveConfigStore;
    let reopen: () => Promise<LiveConfigStore>;
    let dispose: () => Promise<void>;
    beforeEach(async () => {
      ({ store, reopen, dispose } = await factory());
    });
    afterEach(async () => {
      await store.close();
      await dispose();
    });

    it('starts empty at version 0', async () => {
      expect(await store.version()).toBe(0);
      expect(await store.load()).toEqual({ version: 0, topics: [], feeds: [] });
      expect(await store.listAudit(10)).toEqual([]);
    });

    it('applies puts and deletes of topics and feeds, one version each, listed by id', async () => {
      expect(await store.apply({ kind: 'put-topic', topic: makeLiveTopic('stuxnet') }, makeAudit('/topic add stuxnet'))).toBe(1);
      expect(await store.apply({ kind: 'put-topic', topic: makeLiveTopic('flame') }, makeAudit('/topic add flame'))).toBe(2);
      const muted = makeLiveTopic('stuxnet', { mutedUntil: '2024-05-01T12:00:00.000Z' });
      expect(await store.apply({ kind: 'put-topic', topic: muted }, makeAudit('/topic mute stuxnet 2h'))).toBe(3);
      expect(await store.apply({ kind: 'put-feed', feed: makeLiveFeed('wire') }, makeAudit('/feed add'))).toBe(4);
      expect(await store.load()).toEqual({ version: 4, topics: [makeLiveTopic('flame'), muted], feeds: [makeLiveFeed('wire')] });
      expect(await store.apply({ kind: 'delete-topic', id: 'flame' }, makeAudit('/topic remove flame'))).toBe(5);
      expect(await store.apply({ kind: 'delete-feed', id: 'wire' }, makeAudit('/feed remove wire'))).toBe(6);
      // Deleting what is not there still counts as a change: the audit log says it was asked.
      expect(await store.apply({ kind: 'delete-topic', id: 'never' }, makeAudit('/topic remove never'))).toBe(7);
      expect(await store.load()).toEqual({ version: 7, topics: [muted], feeds: [] });
      expect(await store.version()).toBe(7);
    });

    it('keeps YAML overrides with the snapshot they were made against', async () => {
      const override = makeLiveTopic('sanctions', {
        removed: true,
        overrides: { name: 'Sanctions', query: 'sanction*', channels: ['analysts'], fingerprint: '["sanctions"]' },
      });
      await store.apply({ kind: 'put-topic', topic: override }, makeAudit('/topic remove sanctions'));
      await store.apply({ kind: 'put-feed', feed: makeLiveFeed('bbc', { removed: true, overrides: { location: 'https://bbc.example.test/rss.xml', fingerprint: '["bbc"]' } }) }, makeAudit('/feed remove bbc'));
      const loaded = await store.load();
      expect(loaded.topics).toEqual([override]);
      expect(loaded.feeds[0]?.overrides).toEqual({ location: 'https://bbc.example.test/rss.xml', fingerprint: '["bbc"]' });
    });

    it('lists the audit log newest first, applied and refused alike, up to the limit', async () => {
      await store.apply({ kind: 'put-topic', topic: makeLiveTopic('a') }, makeAudit('/topic add a', '2024-05-01T10:00:00.000Z'));
      await store.recordAudit(makeAudit('/topic remove sanctions', '2024-05-01T10:01:00.000Z', 'refused'));
      await store.apply({ kind: 'put-topic', topic: makeLiveTopic('b') }, makeAudit('/topic add b', '2024-05-01T10:02:00.000Z'));
      expect((await store.listAudit(10)).map((entry) => [entry.command, entry.outcome])).toEqual([
        ['/topic add b', 'applied'],
        ['/topic remove sanctions', 'refused'],
        ['/topic add a', 'applied'],
      ]);
      expect((await store.listAudit(2)).map((entry) => entry.command)).toEqual(['/topic add b', '/topic remove sanctions']);
      expect(await store.listAudit(0)).toEqual([]);
      expect((await store.listAudit(1))[0]).toEqual(makeAudit('/topic add b', '2024-05-01T10:02:00.000Z'));
      // A refusal changes nothing, so the version stays.
      expect(await store.version()).toBe(2);
    });

    it('survives a restart, and a second store on the same data sees every change and version', async () => {
      await store.apply({ kind: 'put-topic', topic: makeLiveTopic('stuxnet') }, makeAudit('/topic add stuxnet'));
      const other = await reopen();
      try {
        expect(await other.load()).toEqual(await store.load());
        expect(await other.apply({ kind: 'put-feed', feed: makeLiveFeed('wire') }, makeAudit('/feed add'))).toBe(2);
        expect(await store.version()).toBe(2);
        expect((await store.load()).feeds.map((feed) => feed.id)).toEqual(['wire']);
        expect((await store.listAudit(5)).map((entry) => entry.command)).toEqual(['/feed add', '/topic add stuxnet']);
      } finally {
        await other.close();
      }
    });

    it('gives concurrent changes from two stores distinct versions and loses none', async () => {
      const other = await reopen();
      try {
        const versions = await Promise.all(
          Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? store : other).apply({ kind: 'put-topic', topic: makeLiveTopic(`t${String(i).padStart(2, '0')}`) }, makeAudit(`/topic add t${i}`))),
        );
        expect([...versions].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
        expect((await store.load()).topics).toHaveLength(20);
        expect(await store.listAudit(50)).toHaveLength(20);
      } finally {
        await other.close();
      }
    });
  });
}
