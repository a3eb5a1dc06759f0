import { Writable } from 'node:stream';
import { expect } from 'vitest';
import { createMemoryRateBudgets } from '../../src/adapters/budgets/memory-rate-budgets.js';
import { createConsoleSink } from '../../src/adapters/chat/console/console-sink.js';
import { createDiscordSink, type DiscordMessage } from '../../src/adapters/chat/discord/index.js';
import { createSlackSink, type SlackMessage } from '../../src/adapters/chat/slack/index.js';
import { startFakeDiscordApi } from '../support/fake-discord-api.js';
import { startFakeSlackApi } from '../support/fake-slack-api.js';
import { discordTexts, expectDefusedDiscord, expectDefusedSlack, slackTexts } from '../integration/chat/defused.js';
import { describeChatSinkContract } from './chat-sink.contract.js';

const SLACK_TOKEN = 'xoxb-test-token';
const DISCORD_TOKEN = 'bot-test-token';
const DISCORD_CHANNEL = '100000000000000001';

describeChatSinkContract('console', async () => {
  const written: string[] = [];
  // The sink writes each post in one call, so each chunk is one message.
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written.push(chunk.toString());
      done();
    },
  });
  return {
    sink: createConsoleSink({ channelId: 'alerts', output, format: 'text' }),
    received: () => written.map((text) => [text]),
    edits: () => [],
    // Feed text could carry escape sequences that rewrite the terminal; only the tab and line breaks are left.
    expectDefused: (texts) => {
      for (const text of texts) expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    },
    threads: false,
    canEdit: false,
    dispose: async () => undefined,
  };
});

for (const mode of ['bot token', 'incoming webhook'] as const) {
  describeChatSinkContract(`slack (${mode})`, async () => {
    const api = await startFakeSlackApi({ token: SLACK_TOKEN });
    const connection = mode === 'bot token' ? { token: SLACK_TOKEN, channel: 'C100', apiUrl: api.url } : { webhookUrl: api.webhookUrl('T1-B1-secret') };
    const accepted = (methods: readonly string[]) => api.requests.filter((request) => methods.includes(request.method) && request.status === 200);
    return {
      sink: createSlackSink({ budgets: createMemoryRateBudgets(), channelId: 'alerts', minIntervalMs: 0, retryBaseMs: 20, ...connection }),
      received: () => accepted(['chat.postMessage', 'webhook']).map((request) => slackTexts(request.body as unknown as SlackMessage)),
      edits: () => accepted(['chat.update']).map((request) => ({ messageRef: String(request.body.ts), texts: slackTexts(request.body as unknown as SlackMessage) })),
      expectDefused: expectDefusedSlack,
      threads: mode === 'bot token',
      canEdit: mode === 'bot token',
      dispose: () => api.close(),
    };
  });

  describeChatSinkContract(`discord (${mode})`, async () => {
    const api = await startFakeDiscordApi({ token: DISCORD_TOKEN });
    const connection = mode === 'bot token' ? { token: DISCORD_TOKEN, channel: DISCORD_CHANNEL, apiUrl: api.url } : { webhookUrl: api.webhookUrl('555', 'hook-secret') };
    const accepted = (routes: readonly string[]) => api.requests.filter((request) => request.route !== null && routes.includes(request.route) && request.status === 200);
    return {
      sink: createDiscordSink({ budgets: createMemoryRateBudgets(), channelId: 'alerts', minIntervalMs: 0, retryBaseMs: 20, ...connection }),
      received: () => accepted(['createMessage', 'executeWebhook']).map((request) => discordTexts(request.body as unknown as DiscordMessage)),
      edits: () => accepted(['editMessage', 'editWebhookMessage']).map((request) => ({ messageRef: request.message ?? '', texts: discordTexts(request.body as unknown as DiscordMessage) })),
      expectDefused: expectDefusedDiscord,
      threads: mode === 'bot token',
      canEdit: true,
      dispose: () => api.close(),
    };
  });
}
