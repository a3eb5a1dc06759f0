import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryRateBudgets } from '../../../src/adapters/budgets/memory-rate-budgets.js';
import { createDiscordSink, type DiscordMessage, type DiscordSinkOptions } from '../../../src/adapters/chat/discord/index.js';
import { CodedError, PermanentError } from '../../../src/core/errors.js';
import type { ChatSink } from '../../../src/ports/chat-sink.js';
import { startFakeDiscordApi, type FakeDiscordApi, type RecordedDiscordRequest } from '../../support/fake-discord-api.js';
import { hostileAlert, sampleAlert, sampleDigest } from './sample-alerts.js';

const TOKEN = 'bot-test-token';
const CHANNEL = '100000000000000001';
let api: FakeDiscordApi;
const sinks: ChatSink[] = [];

beforeEach(async () => {
  api = await startFakeDiscordApi({ token: TOKEN });
});
afterEach(async () => {
  await Promise.all(sinks.splice(0).map((sink) => sink.close?.()));
  await api.close();
});

function botSink(overrides: Partial<DiscordSinkOptions> = {}): ChatSink {
  const sink = createDiscordSink({ budgets: createMemoryRateBudgets(), channelId: 'alerts', token: TOKEN, channel: CHANNEL, apiUrl: api.url, minIntervalMs: 0, retryBaseMs: 20, ...overrides });
  sinks.push(sink);
  return sink;
}

function webhookSink(overrides: Partial<DiscordSinkOptions> = {}): ChatSink {
  const sink = createDiscordSink({ budgets: createMemoryRateBudgets(), channelId: 'alerts', webhookUrl: api.webhookUrl('555', 'hook-secret'), minIntervalMs: 0, retryBaseMs: 20, ...overrides });
  sinks.push(sink);
  return sink;
}

const sends = (): RecordedDiscordRequest[] => api.requests.filter((r) => r.route === 'createMessage' || r.route === 'executeWebhook');
const asMessage = (request: RecordedDiscordRequest | undefined): DiscordMessage => request?.body as unknown as DiscordMessage;

async function expectRejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

describe('Discord sink with a bot token', () => {
  it('posts an embed with quotes and speakers, and no mentions allowed', async () => {
    const posted = await botSink().postAlert(sampleAlert());
    const [request] = sends();
    expect(request?.path).toBe(`/api/v10/channels/${CHANNEL}/messages`);
    expect(request?.headers.authorization).toBe(`Bot ${TOKEN}`);
    const message = asMessage(request);
    expect(message.allowed_mentions).toEqual({ parse: [] });
    expect(message.embeds[0]?.title).toBe('Port operator confirms ransomware attack on cargo systems');
    expect(message.embeds[0]?.url).toBe('https://news.example.org/2024/05/port-ransomware');
    expect(message.embeds[0]?.fields).toContainEqual({ name: 'John Roe, security chief', value: '\u201cNo customer data was taken\u201d' });
    expect(posted).toEqual({ channelId: 'alerts', messageRef: expect.stringMatching(/^\d+$/), threadRef: null });
  });

  // Defusing hostile text in what Discord shows is the ChatSink contract's (tests/contract/chat-sink.contract.ts).
  it('allows no mentions on an alert full of hostile text', async () => {
    await botSink().postAlert(hostileAlert());
    expect(asMessage(sends()[0]).allowed_mentions).toEqual({ parse: [] });
  });

  it('keeps a 10,000-character summary within the limits Discord enforces', async () => {
    await botSink().postAlert(sampleAlert({ summary: ['word '.repeat(2000)], title: 'T '.repeat(400) }));
    const [request] = sends();
    expect(request?.status).toBe(200);
    expect((asMessage(request).embeds[0]?.description ?? '').length).toBeLessThanOrEqual(4096);
  });

  it('starts a thread on the alert once and posts every follow-up in it', async () => {
    const sink = botSink();
    const original = await sink.postAlert(sampleAlert());
    const first = await sink.postAlert(sampleAlert({ followUpOf: 'art-1', articleKey: 'art-2' }), original);
    const second = await sink.postAlert(sampleAlert({ followUpOf: 'art-1', articleKey: 'art-3' }), original);
    const starts = api.requests.filter((r) => r.route === 'startThread');
    expect(starts).toHaveLength(1);
    expect(starts[0]?.path).toBe(`/api/v10/channels/${CHANNEL}/messages/${original.messageRef}/threads`);
    expect(first.threadRef).toBe(original.messageRef);
    expect(second.threadRef).toBe(first.threadRef);
    expect(sends().map((r) => r.channel)).toEqual([CHANNEL, first.threadRef, first.threadRef]);
    expect(asMessage(sends()[1]).allowed_mentions).toEqual({ parse: [] });
  });

  it('reuses a thread another process already started', async () => {
    const original = await botSink().postAlert(sampleAlert());
    await botSink().postAlert(sampleAlert({ articleKey: 'art-2' }), original);
    const restarted = botSink();
    const reply = await restarted.postAlert(sampleAlert({ articleKey: 'art-3' }), original);
    expect(api.requests.filter((r) => r.route === 'startThread').map((r) => r.status)).toEqual([201, 400]);
    expect(reply.threadRef).toBe(original.messageRef);
    expect(sends().at(-1)?.channel).toBe(original.messageRef);
  });

  it('edits an alert in place, and a follow-up inside its thread', async () => {
    const sink = botSink();
    const original = await sink.postAlert(sampleAlert());
    const reply = await sink.postAlert(sampleAlert({ articleKey: 'art-2' }), original);
    await sink.updateAlert?.(original, sampleAlert({ otherSources: ['A', 'B', 'C'] }));
    await sink.updateAlert?.(reply, sampleAlert({ otherSources: ['D'] }));
    const edits = api.requests.filter((r) => r.route === 'editMessage');
    expect(edits.map((r) => [r.channel, r.message, r.status])).toEqual([
      [CHANNEL, original.messageRef, 200],
      [reply.threadRef, reply.messageRef, 200],
    ]);
    expect(JSON.stringify(api.messages.get(original.messageRef)?.embeds)).toContain('+3 more sources: A, B, C');
    expect(edits[0]?.body.allowed_mentions).toEqual({ parse: [] });
  });

  it('posts a large digest as several accepted messages', async () => {
    await botSink().postDigest(sampleDigest(20, 30));
    const requests = sends();
    expect(requests.length).toBeGreaterThan(1);
    expect(requests.every((r) => r.status === 200 && (r.body.allowed_mentions as { parse: unknown[] }).parse.length === 0)).toBe(true);
  });

  it('posts notices as escaped content', async () => {
    await botSink().postNotice('Feed "@everyone" failed');
    const message = asMessage(sends()[0]);
    expect(message.content).toContain('@\u200beveryone');
    expect(message.allowed_mentions).toEqual({ parse: [] });
  });
});

describe('Discord sink failures', () => {
  it('waits out a 429 for that channel only', async () => {
    api.failNext('createMessage', { status: 429, retryAfter: 1, channel: CHANNEL });
    // Both channels in one process's budgets, as the app keeps them.
    const budgets = createMemoryRateBudgets();
    const limited = botSink({ budgets });
    const other = botSink({ channelId: 'other', channel: '100000000000000002', budgets });
    const started = Date.now();
    const first = limited.postAlert(sampleAlert());
    await other.postAlert(sampleAlert());
    const otherDone = Date.now() - started;
    await first;
    const limitedDone = Date.now() - started;
    // The other channel is served well before this channel's Retry-After is over.
    expect(otherDone).toBeLessThan(700);
    expect(limitedDone).toBeGreaterThanOrEqual(1000);
    const toLimited = sends().filter((r) => r.channel === CHANNEL);
    expect(toLimited.map((r) => r.status)).toEqual([429, 200]);
    expect((toLimited[1]?.at ?? 0) - (toLimited[0]?.at ?? 0)).toBeGreaterThanOrEqual(990);
  });

  it('waits out a global 429 and then posts', async () => {
    api.failNext('createMessage', { status: 429, retryAfter: 0.3, global: true });
    const started = Date.now();
    const sink = botSink();
    await sink.postAlert(sampleAlert());
    await sink.postAlert(sampleAlert({ articleKey: 'art-2' }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(sends().map((r) => r.status)).toEqual([429, 200, 200]);
  });

  it('follows the X-RateLimit bucket headers without running into a 429', async () => {
    const limitedApi = await startFakeDiscordApi({ token: TOKEN, bucketLimit: 2, bucketWindowMs: 400 });
    try {
      const sink = botSink({ apiUrl: limitedApi.url });
      const started = Date.now();
      await Promise.all([1, 2, 3, 4, 5].map((n) => sink.postAlert(sampleAlert({ articleKey: `a${n}` }))));
      expect(Date.now() - started).toBeGreaterThanOrEqual(800);
      expect(limitedApi.requests.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    } finally {
      await limitedApi.close();
    }
  });

  it('retries 5xx and dropped connections, then succeeds', async () => {
    api.failNext('createMessage', { status: 502 });
    api.failNext('createMessage', { drop: true });
    const posted = await botSink().postAlert(sampleAlert());
    expect(posted.messageRef).toMatch(/^\d+$/);
    expect(sends().map((r) => r.status)).toEqual([502, 0, 200]);
  });

  it('gives up after maxAttempts with delivery_transient', async () => {
    for (let i = 0; i < 2; i += 1) api.failNext('createMessage', { status: 500 });
    const error = await expectRejection(botSink({ maxAttempts: 2 }).postAlert(sampleAlert()));
    expect(error).toBeInstanceOf(CodedError);
    expect(error).not.toBeInstanceOf(PermanentError);
    expect((error as CodedError).code).toBe('delivery_transient');
    expect(sends()).toHaveLength(2);
  });

  it.each([
    { status: 404, code: 10003, message: 'Unknown Channel' },
    { status: 403, code: 50013, message: 'Missing Permissions' },
    { status: 400, code: 50035, message: 'Invalid Form Body' },
  ])('throws PermanentError on $status $message after exactly one request', async (failure) => {
    api.failNext('createMessage', failure);
    const error = await expectRejection(botSink().postAlert(sampleAlert()));
    expect(error).toBeInstanceOf(PermanentError);
    expect((error as PermanentError).code).toBe('delivery_permanent');
    expect((error as Error).message).toContain('"alerts"');
    expect((error as Error).message).toContain(CHANNEL);
    expect((error as Error).message).toContain(failure.message);
    expect(sends()).toHaveLength(1);
  });

  it('throws PermanentError on a bad token without revealing it', async () => {
    const error = await expectRejection(botSink({ token: 'wrong-token' }).postAlert(sampleAlert()));
    expect(error).toBeInstanceOf(PermanentError);
    expect((error as Error).message).toContain('401');
    expect((error as Error).message).not.toContain('wrong-token');
  });
});

describe('Discord sink with a webhook', () => {
  it('executes the webhook with wait=true, embeds, and no mentions allowed', async () => {
    const posted = await webhookSink().postAlert(sampleAlert());
    const [request] = sends();
    expect(request?.route).toBe('executeWebhook');
    expect(request?.query.get('wait')).toBe('true');
    expect(request?.headers.authorization).toBeUndefined();
    expect(asMessage(request).allowed_mentions).toEqual({ parse: [] });
    expect(posted.messageRef).toMatch(/^\d+$/);
  });

  it('posts follow-ups as messages linking the original, and edits through the webhook', async () => {
    const sink = webhookSink();
    const original = await sink.postAlert(sampleAlert());
    await sink.postAlert(sampleAlert({ articleKey: 'art-2' }), original);
    const message = asMessage(sends()[1]);
    expect(message.content).toMatch(new RegExp(`^\u21aa Follow-up to https://discord\\.com/channels/\\d+/\\d+/${original.messageRef}$`));
    expect(message.embeds[0]?.description).toContain('Follow-up');
    await sink.updateAlert?.(original, sampleAlert({ otherSources: ['X'] }));
    const edit = api.requests.find((r) => r.route === 'editWebhookMessage');
    expect(edit?.status).toBe(200);
    expect(edit?.message).toBe(original.messageRef);
  });

  it('throws PermanentError for an unknown webhook without revealing its token', async () => {
    const sink = createDiscordSink({ budgets: createMemoryRateBudgets(), channelId: 'alerts', webhookUrl: `${api.url}/webhooks/777/not-registered-secret`, minIntervalMs: 0 });
    sinks.push(sink);
    const error = await expectRejection(sink.postAlert(sampleAlert()));
    expect(error).toBeInstanceOf(PermanentError);
    expect((error as Error).message).toContain('Unknown Webhook');
    expect((error as Error).message).not.toContain('not-registered-secret');
    expect(sends()).toHaveLength(1);
  });
});

describe('Discord sink options', () => {
  it('refuses both or neither of token and webhook, and foreign webhook URLs', () => {
    expect(() => createDiscordSink({ budgets: createMemoryRateBudgets(), channelId: 'a', token: 't', channel: '1', webhookUrl: 'https://discord.com/api/webhooks/1/x' })).toThrow(CodedError);
    expect(() => createDiscordSink({ budgets: createMemoryRateBudgets(), channelId: 'a' })).toThrow(/either token and channel, or webhookUrl/);
    expect(() => createDiscordSink({ budgets: createMemoryRateBudgets(), channelId: 'a', webhookUrl: 'https://example.org/hook' })).toThrow(CodedError);
  });
});
