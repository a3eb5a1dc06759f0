import type { ChatPlatform } from '../shared/chat-platform.js';
import { botOrWebhookSinkOptions, botOrWebhookTransport, hastyChannelWarnings } from '../shared/channel-pace.js';
import { DiscordChannelSchema, DiscordCommandsSchema, type DiscordChannelConfig, type DiscordCommandsConfig } from './discord-config.js';
import { createDiscordInteractions, MANAGE_SERVER } from './discord-interactions.js';
import { createDiscordSink } from './discord-sink.js';
import { renderDiscordAlert } from './render-discord-alert.js';

/**
 * Discord: a channel posts as a bot (follow-ups in a thread, edits) or through a webhook. Interactions arrive over
 * HTTP at /discord/interactions with the public key, or over the gateway with a bot token and `gateway: true`;
 * admins are roles and, if the YAML says so, Manage Server.
 */
export const discordPlatform: ChatPlatform<DiscordChannelConfig, DiscordCommandsConfig> = {
  id: 'discord',
  name: 'Discord',
  capabilities: { slashCommands: true },
  channelSchema: DiscordChannelSchema,
  commandsSchema: DiscordCommandsSchema,
  platformChannel: (channel) => channel.channel ?? null,
  transport: botOrWebhookTransport,
  createSink: (channel, context) =>
    createDiscordSink({
      channelId: context.channelId,
      ...botOrWebhookSinkOptions(channel, context.environment.discord.apiUrl),
      budgets: context.budgets,
      logger: context.logger,
    }),
  renderAlert: (alert) => renderDiscordAlert(alert),
  channelWarnings: (channelId, channel) => hastyChannelWarnings(channelId, channel, 'Discord', 'DISCORD_API_URL'),
  admins(commands) {
    const roles = commands?.admins.roles ?? [];
    const manageServer = commands?.admins.manage_server ?? false;
    const needs = [roles.length > 0 ? 'one of the admin roles' : null, manageServer ? 'the Manage Server permission' : null].filter(Boolean).join(' or ');
    return {
      admitting: [...roles.map((role) => `role:${role}`), ...(manageServer ? [MANAGE_SERVER] : [])],
      configPath: 'commands.discord.admins',
      refusal: `: that needs ${needs}`,
    };
  },
  createReceiver(commands, context) {
    // both checked: the YAML's by the config schema, the environment's by the environment schema
    const publicKey = commands?.public_key ?? context.environment.discord.publicKey;
    const botToken = commands?.bot_token ?? context.environment.discord.botToken;
    const gateway = commands?.gateway === true && botToken !== undefined;
    const apiUrl = context.environment.discord.apiUrl;
    if (publicKey === undefined && !gateway) return null;
    const discord = createDiscordInteractions({
      ...(publicKey !== undefined ? { publicKey } : {}),
      ...(gateway ? { gateway, botToken: botToken as string } : {}),
      ...(apiUrl !== undefined ? { apiUrl } : {}),
      handle: (request) => context.handle(request),
      isPrivate: (request) => context.isPrivate(request),
      suggest: (kind, typed) => context.suggest(kind, typed),
      claimOnce: (token, ttlMs) => context.claimOnce(token, ttlMs),
      logger: context.logger,
    });
    return {
      modes: [...(publicKey !== undefined ? ['discord http'] : []), ...(gateway ? ['discord gateway'] : [])],
      mount: (app) => (publicKey !== undefined ? discord.mount(app) : undefined),
      start: () => discord.start(),
      stop: () => discord.stop(),
    };
  },
  restartOnly: [
    { key: 'public_key', why: 'the Discord interactions endpoint is set up at start' },
    { key: 'bot_token', why: 'the Discord gateway connects at start' },
    { key: 'gateway', why: 'the choice between gateway and HTTP interactions is made at start' },
  ],
};
