import type { ChatPlatform } from '../shared/chat-platform.js';
import { botOrWebhookSinkOptions, botOrWebhookTransport, hastyChannelWarnings } from '../shared/channel-pace.js';
import { renderSlackAlert } from './render-slack-alert.js';
import { createSlackCommands } from './slack-commands.js';
import { SlackChannelSchema, SlackCommandsSchema, type SlackChannelConfig, type SlackCommandsConfig } from './slack-config.js';
import { createSlackSink } from './slack-sink.js';

const GROUP = 'group:';

/**
 * Slack: a channel posts with a bot token (threads, edits) or an incoming webhook. Commands arrive over HTTP at
 * /slack/events with a signing secret, or over Socket Mode with an app token (SLACK_APP_TOKEN); admins are user
 * ids and user groups. Secrets come from the YAML (as ${ENV} references) or the usual environment variables.
 */
export const slackPlatform: ChatPlatform<SlackChannelConfig, SlackCommandsConfig> = {
  id: 'slack',
  name: 'Slack',
  capabilities: { slashCommands: true },
  channelSchema: SlackChannelSchema,
  commandsSchema: SlackCommandsSchema,
  platformChannel: (channel) => channel.channel ?? null,
  transport: botOrWebhookTransport,
  createSink: (channel, context) =>
    createSlackSink({
      channelId: context.channelId,
      ...botOrWebhookSinkOptions(channel, context.environment.slack.apiUrl),
      budgets: context.budgets,
      logger: context.logger,
    }),
  renderAlert: (alert) => renderSlackAlert(alert),
  channelWarnings: (channelId, channel) => hastyChannelWarnings(channelId, channel, 'Slack', 'SLACK_API_URL'),
  admins: (commands) => ({
    admitting: [...(commands?.admins.users ?? []).map((user) => `user:${user}`), ...(commands?.admins.groups ?? []).map((group) => `${GROUP}${group}`)],
    configPath: 'commands.slack.admins',
    refusal: ', and your Slack account is neither listed nor in a listed user group',
  }),
  createReceiver(commands, context) {
    const appToken = commands?.app_token ?? context.environment.slack.appToken;
    const signingSecret = commands?.signing_secret ?? context.environment.slack.signingSecret;
    const botToken = commands?.bot_token ?? context.environment.slack.botToken;
    const apiUrl = context.environment.slack.apiUrl;
    if (appToken === undefined && signingSecret === undefined) return null;
    const slack = createSlackCommands({
      ...(appToken !== undefined ? { appToken } : { signingSecret: signingSecret as string }),
      ...(botToken !== undefined ? { botToken } : {}),
      ...(apiUrl !== undefined ? { apiUrl } : {}),
      adminGroups: () => context.admitting().flatMap((fact) => (fact.startsWith(GROUP) ? [fact.slice(GROUP.length)] : [])),
      handle: (request) => context.handle(request),
      isPrivate: (request) => context.isPrivate(request),
      claimOnce: (token, ttlMs) => context.claimOnce(token, ttlMs),
      logger: context.logger,
    });
    return {
      modes: [appToken !== undefined ? 'slack socket mode' : 'slack http'],
      mount: (app) => (appToken === undefined ? slack.mount(app) : undefined),
      start: () => slack.start(),
      stop: () => slack.stop(),
    };
  },
  restartOnly: [
    { key: 'signing_secret', why: 'the Slack command endpoint is set up at start' },
    { key: 'app_token', why: 'Socket Mode connects at start' },
    { key: 'bot_token', why: 'the Slack command client is created at start' },
  ],
};
