import { z } from 'zod';
import { channelOptions, duration, secret, wholeChannelMention } from '../../../config/config-schema.js';

/** A Discord role id (a snowflake, from Server Settings > Roles > Copy Role ID) an escalation notifies. */
const discordSurgeMention = z.union([wholeChannelMention, z.string().regex(/^\d{15,22}$/, 'expected a Discord role id (digits) such as 1098765432109876543, or "here" or "everyone"')]);

/** `channels.<name>` with `type: discord`: a bot token and channel, or a webhook. */
export const DiscordChannelSchema = z
  .strictObject({
    type: z.literal('discord'),
    token: z.string().min(1).optional(),
    channel: z.string().min(1).optional(),
    webhook_url: z.string().url().optional(),
    surge_mention: discordSurgeMention.optional(),
    /** Least time from one request to this channel to the next, across every worker; the platform's pace by default. */
    send_interval: duration.optional(),
    ...channelOptions,
  })
  .refine((c) => (c.token !== undefined && c.channel !== undefined) !== (c.webhook_url !== undefined), {
    message: 'a discord channel needs either token and channel, or webhook_url',
  });

/** `commands.discord`: how interactions arrive, and who may change topics and feeds. */
export const DiscordCommandsSchema = z.strictObject({
  application_id: z.string().regex(/^\d+$/, 'expected the application id (digits)').optional(),
  /** Verifies POST /discord/interactions: the application's public key, 64 hex characters. */
  public_key: secret.refine((value) => value === undefined || /^[0-9a-f]{64}$/i.test(value), 'expected 64 hex characters'),
  /** Bot token, for the gateway and `discord register-commands`. */
  bot_token: secret,
  /** Receive commands over the gateway with the bot token instead of HTTP interactions. */
  gateway: z.boolean().default(false),
  admins: z
    .strictObject({
      roles: z.array(z.string().regex(/^\d+$/, 'expected a Discord role id (digits)')).default([]),
      manage_server: z.boolean().default(false),
    })
    .prefault({}),
});

export type DiscordChannelConfig = z.infer<typeof DiscordChannelSchema>;
export type DiscordCommandsConfig = z.infer<typeof DiscordCommandsSchema>;
