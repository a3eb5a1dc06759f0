import { describe, expect, it } from 'vitest';
import type { LiveConfig, LiveFeed, LiveTopic } from '../../../../src/core/settings/chat-overlay.js';
import { fingerprintYamlFeed, snapshotYamlTopic } from '../../../../src/core/settings/standing-config.js';
import { mergeLiveConfig, resolveLiveConfig } from '../../../../src/core/settings/merge-chat-overlay.js';
import { matchTopics } from '../../../../src/core/topics/topic-index.js';
import { EMPTY, NOW, standing, YAML_FEEDS, YAML_TOPICS } from '../commands/standing.js';

const author = { platform: 'slack' as const, userId: 'U0ADMIN', userName: 'alice' };
const at = NOW.toISOString();
const chatTopic = (id: string, extra: Partial<LiveTopic> = {}): LiveTopic => ({
  id, name: id, query: id, channels: ['analysts'], mutedUntil: null, removed: false, overrides: null, createdBy: author, createdAt: at, updatedBy: author, updatedAt: at, ...extra,
});
const override = (index: number, extra: Partial<LiveTopic>): LiveTopic => {
  const yaml = YAML_TOPICS[index] ?? YAML_TOPICS[0]!;
  return chatTopic(yaml.id, { name: yaml.name, query: yaml.query, channels: [...yaml.channels], overrides: snapshotYamlTopic(yaml), ...extra });
};
const live = (topics: LiveTopic[], feeds: LiveFeed[] = []): LiveConfig => ({ version: 1, topics, feeds });

describe('mergeLiveConfig', () => {
  it('returns the YAML settings untouched when chat changed nothing', () => {
    const base = standing();
    expect(mergeLiveConfig(base, EMPTY)).toBe(base.settings);
  });

  it('puts a surge rule set from chat in force, over the YAML’s own rule and the default', () => {
    const yamlRule = standing([{ ...YAML_TOPICS[0]!, surge: { outlets: 3, minutes: 15 } }, { ...YAML_TOPICS[1]!, surge: null }]);
    const untouched = mergeLiveConfig(yamlRule, live([chatTopic('stuxnet')]));
    expect(untouched.topics.map((topic) => topic.surge)).toEqual([{ outlets: 3, minutes: 15 }, null, { outlets: 4, minutes: 30 }]);
    const changed = mergeLiveConfig(standing(), live([override(0, { surge: { outlets: 6, minutes: 20 } }), override(1, { surge: null })]));
    expect(changed.topics.map((topic) => topic.surge)).toEqual([{ outlets: 6, minutes: 20 }, null]);
  });

  it('adds chat topics to the topics and the compiled index, with who added them', () => {
    const merged = mergeLiveConfig(standing(), live([chatTopic('stuxnet', { query: 'stuxnet OR centrifuge*' })]));
    expect(merged.topics.map((topic) => [topic.id, topic.origin])).toEqual([['sanctions', 'yaml'], ['gulf', 'yaml'], ['stuxnet', 'chat:alice']]);
    const matches = matchTopics(merged.topicIndex, { title: 'Stuxnet-like worm hits centrifuges', paragraphs: ['Engineers found a worm in centrifuge controllers.'] });
    expect(matches.map((match) => match.topic)).toEqual(['stuxnet']);
  });

  it('applies a chat change to a YAML topic while the YAML topic is as it was, and drops it once the YAML changes that topic', () => {
    const routed = live([override(0, { channels: ['security'], mutedUntil: '2024-05-01T12:00:00.000Z' })]);
    const merged = mergeLiveConfig(standing(), routed);
    expect(merged.topics.find((topic) => topic.id === 'sanctions')).toMatchObject({ channels: ['security'], mutedUntil: '2024-05-01T12:00:00.000Z', origin: 'yaml' });

    const edited = YAML_TOPICS.map((topic) => (topic.id === 'sanctions' ? { ...topic, query: 'sanction* OR embargo*' } : topic));
    expect(mergeLiveConfig(standing(edited), routed).topics.find((topic) => topic.id === 'sanctions')).toMatchObject({ channels: ['analysts'], mutedUntil: null, query: 'sanction* OR embargo*' });
    const rerouted = YAML_TOPICS.map((topic) => (topic.id === 'sanctions' ? { ...topic, channels: ['console'] } : topic));
    expect(mergeLiveConfig(standing(rerouted), routed).topics.find((topic) => topic.id === 'sanctions')?.channels).toEqual(['console']);
    // An edit to another topic leaves the override in force.
    const other = YAML_TOPICS.map((topic) => (topic.id === 'gulf' ? { ...topic, query: 'hormuz' } : topic));
    expect(mergeLiveConfig(standing(other), routed).topics.find((topic) => topic.id === 'sanctions')?.channels).toEqual(['security']);
  });

  it('removes a YAML topic removed from chat, until the YAML changes it', () => {
    const removed = live([override(1, { removed: true })]);
    const resolved = resolveLiveConfig(standing(), removed);
    expect(resolved.topics.map((topic) => topic.definition.id)).toEqual(['sanctions']);
    expect(resolved.removedTopics.map((entry) => entry.yaml.id)).toEqual(['gulf']);
    expect(mergeLiveConfig(standing(), removed).topicIndex.topics.map((topic) => topic.id)).toEqual(['sanctions']);
    const edited = YAML_TOPICS.map((topic) => (topic.id === 'gulf' ? { ...topic, name: 'The Gulf' } : topic));
    expect(resolveLiveConfig(standing(edited), removed).topics.map((topic) => topic.definition.id)).toEqual(['sanctions', 'gulf']);
  });

  it('lets a YAML topic win over a chat topic of the same id, and keeps only configured channels', () => {
    const merged = mergeLiveConfig(standing(), live([chatTopic('gulf', { query: 'qatar' }), chatTopic('flame', { channels: ['gone', 'ops'] })]));
    expect(merged.topics.find((topic) => topic.id === 'gulf')).toMatchObject({ query: 'hormuz OR "persian gulf"', origin: 'yaml' });
    expect(merged.topics.find((topic) => topic.id === 'flame')?.channels).toEqual(['ops']);
  });

  it('leaves out a chat topic whose query no longer compiles instead of failing the merge', () => {
    const merged = mergeLiveConfig(standing(), live([chatTopic('broken', { query: 'iran AND (' }), chatTopic('flame')]));
    expect(merged.topics.map((topic) => topic.id)).toEqual(['sanctions', 'gulf', 'flame']);
  });

  it('adds chat feeds with the YAML defaults, removes YAML feeds removed from chat, and only takes http(s)', () => {
    const feed = (id: string, extra: Partial<LiveFeed> = {}): LiveFeed => ({ id, url: `https://${id}.example.test/rss`, name: id, removed: false, overrides: null, createdBy: author, createdAt: at, ...extra });
    const merged = mergeLiveConfig(standing(), live([], [feed('extra'), feed('local', { url: 'file:///etc/passwd' }), feed('wire', { url: 'https://other.test/' })]));
    expect(merged.feeds).toEqual([
      { id: 'wire', name: 'Wire', location: 'https://wire.example.test/rss.xml', intervalMs: 300_000, firstPoll: { kind: 'all' } },
      { id: 'extra', name: 'extra', location: 'https://extra.example.test/rss', intervalMs: 600_000, firstPoll: { kind: 'within', withinMs: 86_400_000 } },
    ]);
    const wire = YAML_FEEDS[0]!;
    const removed = live([], [feed('wire', { removed: true, url: wire.location, overrides: { location: wire.location, fingerprint: fingerprintYamlFeed(wire) } })]);
    expect(mergeLiveConfig(standing(), removed).feeds).toEqual([]);
    // Any change the YAML makes to that feed (here its interval) brings it back.
    const before = fingerprintYamlFeed({ ...wire, intervalMs: 600_000 });
    const edited = live([], [feed('wire', { removed: true, url: wire.location, overrides: { location: wire.location, fingerprint: before } })]);
    expect(mergeLiveConfig(standing(), edited).feeds.map((entry) => entry.id)).toEqual(['wire']);
  });
});
