import cron from 'node-cron';
import { z } from 'zod';
import { parseDuration } from '../core/duration.js';
import { SURGE_LIMITS } from '../core/surge.js';
import { parseQuery } from '../core/topics/parse-query.js';
import { RedisConfigSchema } from './redis-config.js';

export const duration = z.string().refine((value) => parseDuration(value) !== null, {
  message: 'expected a duration such as "90s", "15m", "1h" or "7d"',
});

const positiveDuration = z.string().refine((value) => (parseDuration(value) ?? 0) > 0, {
  message: 'expected a duration longer than zero, such as "12h", "7d" or "4w"',
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

/** What every channel block takes besides its platform's own keys; a platform's channel schema spreads it in. */
export const channelOptions = {
  mode: z.enum(['immediate', 'digest']).default('immediate'),
  digest_schedule: z
    .string()
    .refine((value) => cron.validate(value), 'expected a cron expression such as "0 8 * * *" (08:00 every day)')
    .optional(),
  min_score: z.number().min(0).optional(),
  /** Topic briefs this channel gets on a schedule: the top stories of the window, as `/newswatch brief` shows them. */
  briefs: z
    .array(
      z.strictObject({
        topic: id,
        schedule: z.string().refine((value) => cron.validate(value), 'expected a cron expression such as "0 8 * * *" (08:00 every day)'),
        since: z
          .string()
          .refine((value) => {
            const ms = parseDuration(value);
            return ms !== null && ms >= 60_000 && ms <= 366 * 86_400_000;
          }, 'expected a duration from 1m to 366d such as "24h" or "7d"')
          .default('24h'),
      }),
    )
    .optional(),
  quiet_hours: z
    .strictObject({
      from: z.string().regex(/^\d{2}:\d{2}$/, 'expected HH:MM'),
      to: z.string().regex(/^\d{2}:\d{2}$/, 'expected HH:MM'),
      timezone: z.string().default('UTC'),
    })
    .optional(),
};

/** `here` or `everyone` notify the whole channel, so they apply only when the YAML names them. */
export const wholeChannelMention = z.enum(['here', 'everyone']);

/**
 * One chat platform's part of the schema (see src/adapters/chat/shared/chat-platform.ts). `channelSchema` checks a
 * `channels.<name>` block whose `type` is the platform's id: a strict object with `type: z.literal(id)` and
 * `...channelOptions`. `commandsSchema` checks `commands.<id>`, for a platform that takes commands.
 */
export interface ChatConfigPart {
  id: string;
  channelSchema: z.core.$ZodTypeDiscriminable;
  commandsSchema?: z.ZodType | undefined;
}

/** A channel block as the rest of newswatch reads it: its platform, the options every channel has, the platform's own keys. */
export type ChannelConfig = { type: string; surge_mention?: string | undefined } & z.infer<z.ZodObject<typeof channelOptions>> & Readonly<Record<string, unknown>>;

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
  /** When a story of the topic escalates: `{ outlets, minutes }`, or `off`; 4 outlets in 30 min if absent. */
  surge: z
    .union([
      z.literal('off'),
      z.literal(false),
      z.strictObject({
        outlets: z.number().int().min(SURGE_LIMITS.minOutlets).max(SURGE_LIMITS.maxOutlets),
        minutes: z.number().int().min(SURGE_LIMITS.minMinutes).max(SURGE_LIMITS.maxMinutes),
      }),
    ])
    .optional(),
});

/** An optional secret: `${VAR:-}` left empty counts as not set. */
export const secret = z.string().optional().transform((value) => (value === '' ? undefined : value));

function assembleConfigSchema(channel: z.ZodType<ChannelConfig>, commands: z.ZodType<Readonly<Record<string, unknown>>>) {
  return z
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
          /** Bounds of adaptive polling (feeds without their own interval); unset: 5m (or interval, if less) and 1h. */
          min_interval: duration.optional(),
          max_interval: duration.optional(),
          /** Failed polls in a row after which the admin channel is told, and after which the feed is paused. */
          feed_failure_alert: z.number().int().min(1).default(5),
          feed_failure_pause: z.number().int().min(1).default(20),
          /** Most articles one poll of one feed sends to analysis; the rest are recorded as seen (a flood is not news). */
          max_new_per_poll: z.number().int().min(1).default(1_000),
          /** Host names (or IP literals) allowed on private addresses while allow_private_addresses stays off. */
          trusted_hosts: z.array(z.string().min(1)).default([]),
        })
        .prefault({}),
      feeds: z.array(FeedSchema).default([]),
      channels: z.record(id, channel).default({ console: { type: 'console', mode: 'immediate' } }),
      topics: z.array(TopicSchema).default([]),
      admin_channel: z.string().optional(),
      /** `redis` runs the pipeline as BullMQ jobs with state in Redis; unset, REDIS_URL in the environment decides. */
      queue: z.enum(['memory', 'redis']).optional(),
      /** Where Redis is and how to reach it (one server, Sentinel or Cluster; TLS; ACL user), the key prefix, the job lock. */
      redis: RedisConfigSchema.prefault({}),
      /** How often the scheduler looks for due feeds; a whole number of seconds that divides a minute. */
      scheduler: z
        .strictObject({
          tick: duration.default('10s').refine((value) => {
            const seconds = (parseDuration(value) ?? 0) / 1_000;
            return Number.isInteger(seconds) && seconds >= 1 && 60 % seconds === 0;
          }, 'expected a whole number of seconds that divides a minute, such as "1s", "5s", "10s" or "30s"'),
        })
        .prefault({}),
      /** How long old state is kept; the daily prune drops what is older. */
      retention: z
        .strictObject({
          seen: positiveDuration.default('120d'),
          articles: positiveDuration.default('7d'),
          deliveries: positiveDuration.default('30d'),
        })
        .prefault({}),
      /** WebSub push (on when PUBLIC_URL is set): how often a feed whose hub pushes is still polled. */
      websub: z
        .strictObject({
          poll_interval: positiveDuration.default('1h'),
        })
        .prefault({}),
      /** Bull Board at /admin/queues (Redis mode): on when `token` is set; requests must carry it. */
      admin: z
        .strictObject({
          token: z.string().refine((value) => value === '' || value.length >= 16, 'expected at least 16 characters (or empty to turn the admin pages off)').optional(),
        })
        .prefault({}),
      /** Slash commands (docs/commands.md), one block per platform that takes them: credentials from ${ENV}, and admins. */
      commands,
    })
    .superRefine((config, ctx) => {
      const { min_interval: min, max_interval: max, feed_failure_alert: alertAfter, feed_failure_pause: pauseAfter } = config.defaults;
      if (min !== undefined && max !== undefined && (parseDuration(min) ?? 0) > (parseDuration(max) ?? 0)) {
        ctx.addIssue({ code: 'custom', path: ['defaults', 'max_interval'], message: `expected at least min_interval (${min})` });
      }
      if (pauseAfter < alertAfter) {
        ctx.addIssue({ code: 'custom', path: ['defaults', 'feed_failure_pause'], message: `expected at least feed_failure_alert (${alertAfter})` });
      }
      const channelIds = new Set(Object.keys(config.channels));
      for (const [id, channel] of Object.entries(config.channels)) {
        // A digest channel holds its alerts until its schedule fires; without one they would wait forever.
        if (channel.mode === 'digest' && channel.digest_schedule === undefined) {
          ctx.addIssue({ code: 'custom', path: ['channels', id, 'mode'], message: 'mode: digest needs digest_schedule, a cron expression such as "0 8 * * *"' });
        }
        if (channel.mode !== 'digest' && channel.digest_schedule !== undefined) {
          ctx.addIssue({ code: 'custom', path: ['channels', id, 'digest_schedule'], message: 'digest_schedule takes effect only with mode: digest' });
        }
      }
      const topicIds = new Set(config.topics.map((topic) => topic.id));
      for (const [id, channel] of Object.entries(config.channels)) {
        (channel.briefs ?? []).forEach((brief, index) => {
          if (!topicIds.has(brief.topic)) {
            ctx.addIssue({ code: 'custom', path: ['channels', id, 'briefs', index, 'topic'], message: `unknown topic "${brief.topic}"; expected one of: ${[...topicIds].join(', ')}` });
          }
        });
      }
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
}

export type ConfigSchema = ReturnType<typeof assembleConfigSchema>;
export type Config = z.infer<ConfigSchema>;
export type FeedConfig = z.infer<typeof FeedSchema>;
export type TopicConfig = z.infer<typeof TopicSchema>;

/**
 * The schema for a YAML whose channels may be of the given platforms: a channel's `type` picks its platform's
 * block, and `commands` takes a block for each platform with commands.
 */
export function configSchemaFor(platforms: readonly ChatConfigPart[]): ConfigSchema {
  const channels = platforms.map((platform) => platform.channelSchema) as [z.core.$ZodTypeDiscriminable, ...z.core.$ZodTypeDiscriminable[]];
  const commands = Object.fromEntries(platforms.flatMap((platform) => (platform.commandsSchema ? [[platform.id, platform.commandsSchema.optional()]] : [])));
  return assembleConfigSchema(
    z.discriminatedUnion('type', channels) as unknown as z.ZodType<ChannelConfig>,
    z.strictObject(commands).prefault({}) as unknown as z.ZodType<Readonly<Record<string, unknown>>>,
  );
}
