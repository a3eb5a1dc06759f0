import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryRateBudgets } from '../../../src/adapters/budgets/memory-rate-budgets.js';
import { createSlackSink, type SlackMessage, type SlackSinkOptions } from '../../../src/adapters/chat/slack/index.js';
import { CodedError, PermanentError } from '../../../src/core/errors.js';
import type { ChatSink } from '../../../src/ports/chat-sink.js';
import { startFakeSlackApi, type FakeSlackApi, type RecordedSlackRequest } from '../../support/fake-slack-api.js';
import { slackTexts } from './defused.js';
import { hostileAlert, sampleAlert, sampleDigest } from './sample-alerts.js';

const TOKEN = 'xoxb-test-token';
let api: FakeSlackApi;
const sinks: ChatSink[] = [];

beforeEach(async () => {
  api = await startFakeSlackApi({ token: TOKEN });
});
afterEach(async () => {
  await Promise.all(sinks.splice(0).map((sink) => sink.close?.()));
  await api.close();
});

function botSink(overrides: Partial<SlackSinkOptions> = {}): ChatSink {
  const sink = createSlackSink({ budgets: createMemoryRateBudgets(), channelId: 'alerts', token: TOKEN, channel: 'C100', apiUrl: api.url, minIntervalMs: 0, retryBaseMs: 20, ...overrides });
  sinks.push(sink);
  return sink;
}

function webhookSink(overrides: Partial<SlackSinkOptions> = {}): ChatSink {
  const sink = createSlackSink({ budgets: createMemoryRateBudgets(), channelId: 'alerts', webhookUrl: api.webhookUrl('T1-B1-secret'), minIntervalMs: 0, retryBaseMs: 20, ...overrides });
  sinks.push(sink);
  return sink;
}

const posts = (): RecordedSlackRequest[] => api.requests.filter((r) => r.method === 'chat.postMessage' || r.method === 'webhook');
const asMessage = (request: RecordedSlackRequest | undefined): SlackMessage => request?.body as unknown as SlackMessage;

async function expectRejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

describe('Slack sink with a bot token', () => {
  it('posts Block Kit with a fallback text, quotes with speakers, and no unfurling', async () => {
    const posted = await botSink().postAlert(sampleAlert());
    const [request] = posts();
    expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request?.body).toMatchObject({ channel: 'C100', unfurl_links: 'false', unfurl_media: 'false' });
    const message = asMessage(request);
    expect(message.text).toBe('Port operator confirms ransomware attack on cargo systems \u2014 Example News [Cyber attacks]');
    const all = slackTexts(message).join('\n');
    expect(all).toContain('<https://news.example.org/2024/05/port-ransomware|Port operator confirms');
    expect(all).toContain('>\u201cNo customer data was taken\u201d\n>\u2014 *John Roe*, security chief');
    expect(posted).toEqual({ channelId: 'alerts', messageRef: expect.stringMatching(/^\d+\.\d{6}$/), threadRef: null });
  });

  // Defusing hostile text in what Slack shows is the ChatSink contract's (tests/contract/chat-sink.contract.ts).
  it('carries no hostile mention in any field of the message, shown or not', async () => {
    await botSink().postAlert(hostileAlert());
    expect(JSON.stringify(asMessage(posts()[0]))).not.toContain('<!channel>');
  });

  it('keeps a 10,000-character summary within the limits Slack enforces', async () => {
    await botSink().postAlert(sampleAlert({ summary: ['word '.repeat(2000)] }));
    const [request] = posts();
    expect(request?.status).toBe(200);
    for (const text of slackTexts(asMessage(request))) expect(text.length).toBeLessThanOrEqual(3000);
  });

  it('replies in the thread of the alert, and keeps later replies in the same thread', async () => {
    const sink = botSink();
    const original = await sink.postAlert(sampleAlert());
    const reply = await sink.postAlert(sampleAlert({ followUpOf: 'art-1', articleKey: 'art-2' }), original);
    const second = await sink.postAlert(sampleAlert({ followUpOf: 'art-1', articleKey: 'art-3' }), reply);
    expect(reply.threadRef).toBe(original.messageRef);
    expect(second.threadRef).toBe(original.messageRef);
    expect(posts().map((r) => r.body.thread_ts)).toEqual([undefined, original.messageRef, original.messageRef]);
  });

  it('updates an alert in place with chat.update', async () => {
    const sink = botSink();
    const original = await sink.postAlert(sampleAlert());
    await sink.updateAlert?.(original, sampleAlert({ otherSources: ['A', 'B', 'C'] }));
    const update = api.requests.find((r) => r.method === 'chat.update');
    expect(update?.status).toBe(200);
    expect(update?.body).toMatchObject({ channel: 'C100', ts: original.messageRef });
  });

  it('posts a digest grouped by topic, split into parts that Slack accepts', async () => {
    const sink = botSink();
    const first = await sink.postDigest(sampleDigest(20, 30));
    const requests = posts();
    expect(requests.length).toBeGreaterThan(1);
    expect(requests.every((r) => r.status === 200)).toBe(true);
    expect(first.messageRef).toBeTruthy();
    expect(JSON.stringify(requests[0]?.body.blocks)).toContain('*Topic number 0* (30)');
  });

  it('spaces sends to one channel by minIntervalMs, one at a time', async () => {
    const sink = botSink({ minIntervalMs: 100 });
    await Promise.all([1, 2, 3, 4].map((n) => sink.postAlert(sampleAlert({ articleKey: `a${n}` }))));
    const times = posts().map((r) => r.at);
    for (let i = 1; i < times.length; i += 1) expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(95);
  });
});

describe('Slack sink failures', () => {
  it('honours a 429 Retry-After for that channel only', async () => {
    api.failNext('chat.postMessage', { status: 429, retryAfter: 1, channel: 'C100' });
    // Both channels in one process's budgets, as the app keeps them.
    const budgets = createMemoryRateBudgets();
    const limited = botSink({ budgets });
    const other = botSink({ channelId: 'other', channel: 'C200', budgets });
    const started = Date.now();
    const first = limited.postAlert(sampleAlert());
    await other.postAlert(sampleAlert());
    const otherDone = Date.now() - started;
    await first;
    const limitedDone = Date.now() - started;
    // The other channel is served well before this channel's Retry-After is over.
    expect(otherDone).toBeLessThan(700);
    expect(limitedDone).toBeGreaterThanOrEqual(1000);
    const toLimited = posts().filter((r) => r.body.channel === 'C100');
    expect(toLimited.map((r) => r.status)).toEqual([429, 200]);
    expect((toLimited[1]?.at ?? 0) - (toLimited[0]?.at ?? 0)).toBeGreaterThanOrEqual(990);
  });

  it('logs each wait, and fails fast with delivery_rate_limited when Retry-After is too long to wait in place', async () => {
    const warnings: string[] = [];
    const logger = { warn: (_fields: object, message: string) => warnings.push(message) };
    api.failNext('chat.postMessage', { status: 429, retryAfter: 5 });
    const error = await expectRejection(botSink({ maxRetryAfterMs: 1000, logger }).postAlert(sampleAlert()));
    expect(error).toBeInstanceOf(CodedError);
    expect((error as CodedError).code).toBe('delivery_rate_limited');
    expect(posts()).toHaveLength(1);
    api.failNext('chat.postMessage', { status: 500 });
    await botSink({ logger }).postAlert(sampleAlert());
    expect(warnings).toEqual(['send failed, retrying']);
  });

  it('retries 5xx and dropped connections, then succeeds', async () => {
    api.failNext('chat.postMessage', { status: 500 });
    api.failNext('chat.postMessage', { drop: true });
    api.failNext('chat.postMessage', { status: 503 });
    const posted = await botSink({ maxAttempts: 4 }).postAlert(sampleAlert());
    expect(posted.messageRef).toMatch(/^\d+\.\d+$/);
    expect(posts().map((r) => r.status)).toEqual([500, 0, 503, 200]);
  });

  it('gives up after maxAttempts with delivery_transient', async () => {
    for (let i = 0; i < 3; i += 1) api.failNext('chat.postMessage', { ok: false, error: 'internal_error' });
    const error = await expectRejection(botSink({ maxAttempts: 3 }).postAlert(sampleAlert()));
    expect(error).toBeInstanceOf(CodedError);
    expect(error).not.toBeInstanceOf(PermanentError);
    expect((error as CodedError).code).toBe('delivery_transient');
    expect(posts()).toHaveLength(3);
  });

  it.each(['channel_not_found', 'not_in_channel', 'is_archived', 'msg_too_long'])(
    'throws PermanentError on %s after exactly one request',
    async (code) => {
      api.failNext('chat.postMessage', { ok: false, error: code });
      const error = await expectRejection(botSink().postAlert(sampleAlert()));
      expect(error).toBeInstanceOf(PermanentError);
      expect((error as PermanentError).code).toBe('delivery_permanent');
      expect((error as Error).message).toContain('"alerts"');
      expect((error as Error).message).toContain('C100');
      expect((error as Error).message).toContain(code);
      expect(posts()).toHaveLength(1);
    },
  );

  it('throws PermanentError on a bad token', async () => {
    const error = await expectRejection(botSink({ token: 'xoxb-wrong' }).postAlert(sampleAlert()));
    expect(error).toBeInstanceOf(PermanentError);
    expect((error as Error).message).toContain('invalid_auth');
    expect((error as Error).message).not.toContain('xoxb-wrong');
  });
});

describe('Slack sink with an incoming webhook', () => {
  it('posts blocks and text as JSON', async () => {
    const posted = await webhookSink().postAlert(sampleAlert());
    const [request] = posts();
    expect(request?.webhookId).toBe('T1-B1-secret');
    expect(request?.headers['content-type']).toContain('application/json');
    expect(request?.body).toMatchObject({ unfurl_links: false, unfurl_media: false });
    expect(slackTexts(asMessage(request)).join('\n')).toContain('*John Roe*, security chief');
    expect(posted.threadRef).toBeNull();
  });

  it('marks a reply as a follow-up in its fallback text and first block', async () => {
    const sink = webhookSink();
    const original = await sink.postAlert(sampleAlert());
    await sink.postAlert(sampleAlert({ articleKey: 'art-2' }), original);
    const message = asMessage(posts()[1]);
    expect(message.text.startsWith('Follow-up: ')).toBe(true);
    expect(JSON.stringify(message.blocks[0])).toContain('Follow-up');
  });

  it('honours a 429 and retries 5xx', async () => {
    api.failNext('webhook', { status: 429, retryAfter: 1 });
    api.failNext('webhook', { status: 500 });
    const started = Date.now();
    await webhookSink().postAlert(sampleAlert());
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(posts().map((r) => r.status)).toEqual([429, 500, 200]);
  });

  it('throws PermanentError on a 404 without revealing the webhook URL', async () => {
    api.failNext('webhook', { error: 'channel_not_found' });
    const error = await expectRejection(webhookSink().postAlert(sampleAlert()));
    expect(error).toBeInstanceOf(PermanentError);
    expect((error as Error).message).toContain('channel_not_found');
    expect((error as Error).message).not.toContain('secret');
    expect(posts()).toHaveLength(1);
  });
});

describe('Slack sink options', () => {
  it('refuses both or neither of token and webhook', () => {
    expect(() => createSlackSink({ budgets: createMemoryRateBudgets(), channelId: 'a', token: 't', channel: 'C', webhookUrl: 'https://hooks.example/x' })).toThrow(CodedError);
    expect(() => createSlackSink({ budgets: createMemoryRateBudgets(), channelId: 'a' })).toThrow(/either token and channel, or webhookUrl/);
    expect(() => createSlackSink({ budgets: createMemoryRateBudgets(), channelId: 'a', token: 't' })).toThrow(CodedError);
    expect(() => createSlackSink({ budgets: createMemoryRateBudgets(), channelId: 'a', webhookUrl: 'ftp://x' })).toThrow(CodedError);
  });
});
