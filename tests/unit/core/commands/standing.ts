import { chatPlatforms, configSchemaOf, platformDirectory } from '../../../../src/compose/chat-platforms.js';
import type { PlatformDirectory } from '../../../../src/core/chat-platform.js';
import type { Actor } from '../../../../src/core/commands/command.js';
import type { CommandContext } from '../../../../src/core/commands/command-facts.js';
import type { LiveConfig } from '../../../../src/core/settings/chat-overlay.js';
import type { StandingConfig, YamlTopic } from '../../../../src/core/settings/standing-config.js';
import type { ChannelSettings, FeedSettings } from '../../../../src/core/settings/runtime-settings.js';
import { compileTopics } from '../../../../src/core/topics/topic-index.js';

export const NOW = new Date('2024-05-01T10:00:00.000Z');

const channel = (id: string, platform: string): ChannelSettings => ({ id, platform, mode: 'immediate', digestSchedule: null, minScore: 0, quietHours: null, surgeMention: null, briefs: [] });

export const YAML_TOPICS: YamlTopic[] = [
  { id: 'sanctions', name: 'Sanctions', query: 'sanction*', channels: ['analysts'] },
  { id: 'gulf', name: 'Gulf', query: 'hormuz OR "persian gulf"', channels: ['analysts', 'ops'], stemming: false },
];

export const YAML_FEEDS: FeedSettings[] = [
  { id: 'wire', name: 'Wire', location: 'https://wire.example.test/rss.xml', intervalMs: 300_000, firstPoll: { kind: 'all' } },
];

/** The admins of the YAML the tests merge onto: a Slack user and user group, a Discord role and Manage Server. */
export const ADMINS = { slack: { admins: { users: ['U0ADMIN'], groups: ['S0ADMINS'] } }, discord: { admins: { roles: ['17'], manage_server: true } } };

/** The platforms as compose hands them to the command rules, for a YAML with these `commands` blocks. */
export function platformsWith(commands: object): PlatformDirectory {
  return platformDirectory(configSchemaOf().parse({ commands }), chatPlatforms);
}

/** The YAML the tests merge onto: two topics, one feed, Slack and Discord channels. */
export function standing(topics: YamlTopic[] = YAML_TOPICS): StandingConfig {
  const channels = new Map([['console', channel('console', 'console')], ['analysts', channel('analysts', 'slack')], ['security', channel('security', 'slack')], ['ops', channel('ops', 'discord')]]);
  return {
    settings: {
      feeds: YAML_FEEDS,
      topics: topics.map((topic) => ({ id: topic.id, name: topic.name, query: topic.query, channels: topic.channels, origin: 'yaml', mutedUntil: null, surge: { outlets: 4, minutes: 30 } })),
      topicIndex: compileTopics(topics),
      channels,
      adminChannel: 'console',
      summarySentences: 3,
      maxQuotes: 3,
      teaserWords: 0,
      storyWindowMs: 72 * 3_600_000,
    },
    topics,
    feedDefaults: { intervalMs: 600_000, firstPoll: { kind: 'within', withinMs: 86_400_000 } },
    channels: [
      { id: 'console', platform: 'console', platformChannel: null },
      { id: 'analysts', platform: 'slack', platformChannel: 'C0ANALYSTS' },
      { id: 'security', platform: 'slack', platformChannel: 'C0SECURITY' },
      { id: 'ops', platform: 'discord', platformChannel: '1300' },
    ],
    platforms: platformsWith(ADMINS),
  };
}

export const EMPTY: LiveConfig = { version: 0, topics: [], feeds: [] };

export const alice: Actor = { platform: 'slack', userId: 'U0ADMIN', userName: 'alice', facts: ['user:U0ADMIN'] };
export const bob: Actor = { platform: 'discord', userId: '15', userName: 'bob', facts: ['role:17'] };

/** A command typed by `actor` in a channel (Slack analysts by default). */
export function context(actor: Actor = alice, channelId = 'C0ANALYSTS', commandText = '/topic'): CommandContext {
  return { actor, place: { platform: actor.platform, channelId, channelName: null, workspaceId: null }, commandText };
}
