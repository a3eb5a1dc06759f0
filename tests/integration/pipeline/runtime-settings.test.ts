import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteLiveConfigStore } from '../../../src/adapters/state/sqlite-live-config-store.js';
import { platformReading } from '../../../src/compose/chat-platforms.js';
import { parseConfigText } from '../../../src/compose/load-config.js';
import { buildSettings, buildStandingConfig } from '../../../src/config/build-settings.js';
import type { RuntimeSettings } from '../../../src/core/settings/runtime-settings.js';
import type { StandingConfig } from '../../../src/core/settings/standing-config.js';
import type { LiveConfigStore } from '../../../src/ports/live-config-store.js';
import { silentLogger } from '../../../src/ports/logger.js';
import { createSettingsHolder } from '../../../src/pipeline/runtime-settings.js';
import { makeAudit, makeLiveTopic } from '../../contract/live-config-store.contract.js';

const YAML = `
feeds:
  - url: https://wire.example.test/rss.xml
    name: Wire
topics:
  - id: sanctions
    name: Sanctions
    query: sanction*
    channels: [analysts]
channels:
  analysts: { type: console, mode: immediate }
defaults:
  summary_sentences: 3
  trusted_hosts: [feeds.example.test]
`;

function standingOf(text: string): StandingConfig {
  const config = parseConfigText(text, 'newswatch.yaml', {});
  return buildStandingConfig(config, buildSettings(config, 'newswatch.yaml', (path) => path), platformReading());
}

describe('the settings holder', () => {
  let dir: string;
  let store: LiveConfigStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'newswatch-settings-'));
    store = createSqliteLiveConfigStore(join(dir, 'newswatch.sqlite'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('hands out a snapshot no step can change: every mutation attempt throws and the values stay', async () => {
    await store.apply({ kind: 'put-topic', topic: makeLiveTopic('stuxnet') }, makeAudit('/topic add stuxnet'));
    const holder = createSettingsHolder(store, standingOf(YAML), silentLogger);
    await holder.refresh();
    const settings = holder.current();
    const feed = settings.feeds[0]!;
    const channel = settings.channels.get('analysts')!;

    expect(() => {
      settings.summarySentences = 9;
    }).toThrow(TypeError);
    expect(() => settings.feeds.push({ ...feed, id: 'other' })).toThrow(TypeError);
    expect(() => {
      feed.intervalMs = 1;
    }).toThrow(TypeError);
    expect(() => settings.topics[0]!.channels.push('ops')).toThrow(TypeError);
    expect(() => settings.fetch!.trustedHosts.push('evil.example')).toThrow(TypeError);
    expect(() => {
      channel.minScore = 5;
    }).toThrow(TypeError);
    expect(() => (settings.channels as Map<string, unknown>).set('ops', channel)).toThrow(TypeError);
    expect(() => (settings.channels as Map<string, unknown>).delete('analysts')).toThrow(TypeError);
    expect(() => (settings.topicIndex.byWord as Map<string, number[]>).clear()).toThrow(TypeError);
    expect(() => holder.standing().topics.pop()).toThrow(TypeError);
    expect(() => holder.live().topics.pop()).toThrow(TypeError);

    expect(holder.current()).toBe(settings);
    expect(settings.summarySentences).toBe(3);
    expect(settings.feeds.map((entry) => entry.id)).toEqual(['wire']);
    expect(settings.topics.map((topic) => [topic.id, topic.channels])).toEqual([['sanctions', ['analysts']], ['stuxnet', ['analysts']]]);
    expect([...settings.channels.keys()]).toEqual(['analysts']);
    expect(settings.fetch?.trustedHosts).toEqual(['feeds.example.test']);
  });

  it('publishes a new snapshot for a chat change and for a YAML edit; holders of an old one keep its values', async () => {
    const holder = createSettingsHolder(store, standingOf(YAML), silentLogger);
    const published: RuntimeSettings[] = [];
    const unsubscribe = holder.subscribe((snapshot) => published.push(snapshot));
    const atStart = holder.current();

    await store.apply({ kind: 'put-topic', topic: makeLiveTopic('stuxnet') }, makeAudit('/topic add stuxnet'));
    expect(await holder.refresh()).toBe(true);
    const afterChat = holder.current();
    expect(afterChat).not.toBe(atStart);
    expect(published).toEqual([afterChat]);
    expect(published[0]).toBe(afterChat);
    expect(atStart.topics.map((topic) => topic.id)).toEqual(['sanctions']);
    expect(afterChat.topics.map((topic) => topic.id)).toEqual(['sanctions', 'stuxnet']);

    // nothing moved in the store: no new snapshot
    expect(await holder.refresh()).toBe(false);
    expect(holder.current()).toBe(afterChat);
    expect(published).toHaveLength(1);

    holder.setStanding(standingOf(YAML.replace('summary_sentences: 3', 'summary_sentences: 5')));
    const afterEdit = holder.current();
    expect(published).toEqual([afterChat, afterEdit]);
    expect(published[1]).toBe(afterEdit);
    expect(afterEdit.summarySentences).toBe(5);
    expect(afterEdit.topics.map((topic) => topic.id)).toEqual(['sanctions', 'stuxnet']);
    expect(afterChat.summarySentences).toBe(3);
    expect(atStart.summarySentences).toBe(3);
    expect(Object.isFrozen(afterEdit)).toBe(true);

    unsubscribe();
    holder.setStanding(standingOf(YAML.replace('summary_sentences: 3', 'summary_sentences: 4')));
    expect(holder.current().summarySentences).toBe(4);
    expect(published).toHaveLength(2);
  });

  it('keeps the last good snapshot, unpublished, when chat\'s overlay cannot be merged', async () => {
    const errors: string[] = [];
    const holder = createSettingsHolder(store, standingOf(YAML), { ...silentLogger, error: (_fields, message) => void errors.push(message) });
    const published: RuntimeSettings[] = [];
    holder.subscribe((snapshot) => published.push(snapshot));
    const before = holder.current();
    // a topic the store holds with no channels list cannot be merged
    await store.apply({ kind: 'put-topic', topic: makeLiveTopic('broken', { channels: undefined as unknown as string[] }) }, makeAudit('/topic add broken'));
    await holder.refresh();
    expect(errors).toEqual(['chat configuration not merged; the last good settings keep running']);
    expect(holder.current()).toBe(before);
    expect(published).toEqual([]);
  });
});
