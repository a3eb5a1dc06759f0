import { z } from 'zod';
import { channelOptions, duration, secret, wholeChannelMention } from '../../../config/config-schema.js';

/** A Slack user group id (S…, from the group's profile) whose members an escalation notifies. */
const slackSurgeMention = z.union([wholeChannelMention, z.string().regex(/^S[A-Z0-9]{6,}$/, 'expected a Slack user group id such as S0614TZR7, or "here" or "everyone"')]);

/** `channels.<name>` with `type: slack`: a bot token and channel, or an incoming webhook. */
export const SlackChannelSchema = z
  .strictObject({
    type: z.literal('slack'),
    token: z.string().min(1).optional(),
    channel: z.string().min(1).optional(),
    webhook_url: z.string().url().optional(),
    surge_mention: slackSurgeMention.optional(),
    /** Least time from one request to this channel to the next, across every worker; the platform's pace by default. */
    send_interval: duration.optional(),
    ...channelOptions,
  })
  .refine((c) => (c.token !== undefined && c.channel !== undefined) !== (c.webhook_url !== undefined), {
    message: 'a slack channel needs either token and channel, or webhook_url',
  });

/** `commands.slack`: how commands arrive, and who may change topics and feeds. */
export const SlackCommandsSchema = z.strictObject({
  /** Verifies POST /slack/events; not needed with Socket Mode. */
  signing_secret: secret,
  /** An app-level token (xapp-…) for Socket Mode; SLACK_APP_TOKEN in the environment works too. */
  app_token: secret,
  /** Bot token for looking up admin user groups (usergroups:read). */
  bot_token: secret,
  admins: z
    .strictObject({
      users: z.array(z.string().regex(/^[UW][A-Z0-9]+$/, 'expected a Slack user id such as U0123ABCD')).default([]),
      groups: z.array(z.string().regex(/^S[A-Z0-9]+$/, 'expected a Slack user-group id such as S0123ABCD')).default([]),
    })
    .prefault({}),
});

export type SlackChannelConfig = z.infer<typeof SlackChannelSchema>;
export type SlackCommandsConfig = z.infer<typeof SlackCommandsSchema>;
