import { z } from 'zod';
import { parseDuration } from '../core/duration.js';
import { parseQuery } from '../core/topics/parse-query.js';

const duration = z.string().refine((value) => parseDuration(value) !== null, {
  message: 'expected a duration such as "90s", "15m", "1h" or "7d"',
});

/** What the first poll of a new feed alerts: items published within a duration, all of them, or none. */
const firstPoll = z.union([z.literal('all'), z.literal('none'), duration]);

const byteSize = z.union([
  z.number().int().positive(),
  z.string().regex(/^\d+(\.\d+)?\s*(B|KB|MB|GB)$/i, 'expected a size such as "5MB" or a number of bytes'),
]);

const idPattern = /^[a-z0-9][a-z0-9._-]*$/;
const id = z.string().regex(idPattern, 'expected an id of lower-case letters, digits, ".", "_" or "-"');

export const FeedSchema = z.strictObject({
  id: id.optional(),
  url: z.string().min(1, 'expected a feed URL (http/https) or a local file path'),
  name: z.string().min(1).optional(),
  interval: duration.optional(),
  first_poll: firstPoll.optional(),
});

const ConsoleChannelSchema = z.strictObject({ type: z.literal('console') });

const channelOptions = {
  mode: z.enum(['immediate', 'digest']).default('immediate'),
  digest_schedule: z.string().optional(),
  min_score: z.number().min(0).optional(),
  quiet_hours: z
    .strictObject({
      from: z.string().regex(/^\d{2}:\d{2}$/, 'expected HH:MM'),
      to: z.string().regex(/^\d{2}:\d{2}$/, 'expected HH:MM'),
      timezone: z.string().default('UTC'),
    })
    .optional(),
};

const SlackChannelSchema = z
  .strictObject({
    type: z.literal('slack'),
    token: z.string().min(1).optional(),
    channel: z.string().min(1).optional(),
    webhook_url: z.string().url().optional(),
    ...channelOptions,
  })
  .refine((c) => (c.token !== undefined && c.channel !== undefined) !== (c.webhook_url !== undefined), {
    message: 'a slack channel needs either token and channel, or webhook_url',
  });

const DiscordChannelSchema = z
  .strictObject({
    type: z.literal('discord'),
    token: z.string().min(1).optional(),
    channel: z.string().min(1).optional(),
    webhook_url: z.string().url().optional(),
    ...channelOptions,
  })
  .refine((c) => (c.token !== undefined && c.channel !== undefined) !== (c.webhook_url !== undefined), {
    message: 'a discord channel needs either token and channel, or webhook_url',
  });

export const ChannelSchema = z.discriminatedUnion('type', [
  ConsoleChannelSchema.extend(channelOptions),
  SlackChannelSchema,
  DiscordChannelSchema,
]);

/** A topic query that parses; the error says where in the query and what was expected. */
const query = z.string().min(1).superRefine((source, ctx) => {
  try {
    parseQuery(source);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message.split('\n')[0] ?? error.message : String(error) });
  }
});

export const TopicSchema = z.strictObject({
  id,
  name: z.string().min(1),
  query,
  channels: z.array(z.string().min(1)).min(1, 'expected at least one channel id'),
  min_score: z.number().min(0).optional(),
  stemming: z.boolean().default(true),
  aliases: z.array(z.array(z.string().min(1)).min(2)).default([]),
});

export const ConfigSchema = z
  .strictObject({
    defaults: z
      .strictObject({
        interval: duration.default('10m'),
        first_poll: firstPoll.default('24h'),
        summary_sentences: z.number().int().min(1).max(10).default(3),
        quotes: z.number().int().min(0).max(10).default(3),
        fetch_timeout: duration.default('20s'),
        max_feed_size: byteSize.default('5MB'),
        allow_private_addresses: z.boolean().default(false),
        user_agent: z.string().optional(),
        teaser_words: z.number().int().min(0).default(150),
      })
      .prefault({}),
    feeds: z.array(FeedSchema).default([]),
    channels: z.record(id, ChannelSchema).default({ console: { type: 'console', mode: 'immediate' } }),
    topics: z.array(TopicSchema).default([]),
    admin_channel: z.string().optional(),
    /** `redis` runs the pipeline as BullMQ jobs with state in Redis; unset, REDIS_URL in the environment decides. */
    queue: z.enum(['memory', 'redis']).optional(),
    redis: z
      .strictObject({
        url: z.string().regex(/^rediss?:\/\//, 'expected a redis:// or rediss:// URL').optional(),
        prefix: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'expected letters, digits, ".", "_" or "-"').default('newswatch'),
      })
      .prefault({}),
  })
  .superRefine((config, ctx) => {
    const channelIds = new Set(Object.keys(config.channels));
    config.topics.forEach((topic, index) => {
      topic.channels.forEach((channel, channelIndex) => {
        if (!channelIds.has(channel)) {
          ctx.addIssue({
            code: 'custom',
            path: ['topics', index, 'channels', channelIndex],
            message: `unknown channel "${channel}"; expected one of: ${[...channelIds].join(', ')}`,
          });
        }
      });
    });
    if (config.admin_channel !== undefined && !channelIds.has(config.admin_channel)) {
      ctx.addIssue({ code: 'custom', path: ['admin_channel'], message: `unknown channel "${config.admin_channel}"` });
    }
    const seenTopics = new Set<string>();
    config.topics.forEach((topic, index) => {
      if (seenTopics.has(topic.id)) {
        ctx.addIssue({ code: 'custom', path: ['topics', index, 'id'], message: `duplicate topic id "${topic.id}"` });
      }
      seenTopics.add(topic.id);
    });
  });

export type Config = z.infer<typeof ConfigSchema>;
export type FeedConfig = z.infer<typeof FeedSchema>;
export type ChannelConfig = z.infer<typeof ChannelSchema>;
export type TopicConfig = z.infer<typeof TopicSchema>;
