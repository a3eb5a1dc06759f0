import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryRateBudgets } from '../../../src/adapters/budgets/memory-rate-budgets.js';
import { createDiscordSink, type DiscordMessage } from '../../../src/adapters/chat/discord/index.js';
import type { ChatSink } from '../../../src/ports/chat-sink.js';
import { startFakeDiscordApi, type FakeDiscordApi } from '../../support/fake-discord-api.js';
import { sampleAlert } from './sample-alerts.js';

let api: FakeDiscordApi;
let sink: ChatSink;

/** The messages the webhook executed, in order. */
const executed = (): DiscordMessage[] =>
  api.requests.filter((request) => request.route === 'executeWebhook').map((request) => request.body as unknown as DiscordMessage);

describe('a Discord webhook follow-up when the webhook lookup names no channel', () => {
  beforeEach(async () => {
    api = await startFakeDiscordApi({ webhookWithoutChannel: true });
    sink = createDiscordSink({ budgets: createMemoryRateBudgets(), channelId: 'alerts', webhookUrl: api.webhookUrl('555', 'hook-secret'), minIntervalMs: 0, retryBaseMs: 20 });
  });
  afterEach(async () => {
    await sink.close?.();
    await api.close();
  });

  it('says in words that it follows an earlier alert instead of linking nowhere', async () => {
    const original = await sink.postAlert(sampleAlert());
    await sink.postAlert(sampleAlert({ articleKey: 'art-2' }), original);
    expect(api.requests.some((request) => request.route === 'getWebhook' && request.status === 200)).toBe(true);
    const followUp = executed()[1];
    expect(followUp?.content).toBe('\u21aa Follow-up to an earlier alert');
    expect(JSON.stringify(followUp)).not.toMatch(/undefined|discord\.com\/channels/);
  });

  it('keeps the follow-up marker in the embed for a story follow-up, with no link at all', async () => {
    const original = await sink.postAlert(sampleAlert());
    await sink.postAlert(sampleAlert({ articleKey: 'art-3', followUpOf: 'art-1' }), original);
    const followUp = executed()[1];
    expect(followUp?.embeds[0]?.description).toContain('Follow-up** on a story already posted here');
    expect(JSON.stringify(followUp)).not.toMatch(/undefined|discord\.com\/channels/);
  });
});
