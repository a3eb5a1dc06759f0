/**
 * A local server speaking enough of the Slack Web API and incoming webhooks for tests and benchmarks, driven by
 * the real client libraries. It listens on 127.0.0.1 on a free port.
 *
 * - `url` is the Web API base for WebClient's `slackApiUrl` / SLACK_API_URL (it ends with `/api/`).
 *   Implemented methods: `chat.postMessage`, `chat.update`, `auth.test`; others answer `unknown_method`.
 *   Bodies may be form-encoded (what WebClient sends) or JSON; answers are `{ ok: true, ... }` or
 *   `{ ok: false, error }` with HTTP 200, as Slack does. Messages are checked against Slack's limits
 *   (`no_text`, `invalid_blocks` for > 50 blocks or a section over 3,000 characters, `msg_too_long`).
 * - `webhookUrl(id)` is an incoming-webhook URL; it answers `ok` (text/plain), or an error text with a 4xx status.
 * - `requests` records every request: `method` (the API method, or `webhook`), path, headers, the parsed body
 *   (form fields `blocks`/`attachments`/`metadata` decoded from JSON), the webhook id, arrival time and status.
 * - `failNext(method, failure)` makes the next matching request fail; calls queue up. Examples:
 *   `{ status: 429, retryAfter: 1 }` (Retry-After in seconds), `{ ok: false, error: 'channel_not_found' }`,
 *   `{ status: 500 }`, `{ drop: true }` (connection closed without an answer). `channel` restricts it to requests
 *   for that channel id (for webhooks: that webhook id). Use method `webhook` for webhook posts.
 * - Pass `{ token }` to require `Authorization: Bearer <token>` (else `not_authed` / `invalid_auth`).
 * - Pass `{ channelRate: { messages, perMs } }` to answer `chat.postMessage` as Slack does above its per-channel
 *   rate: a message that would make more than `messages` accepted in the trailing `perMs` for its channel gets
 *   HTTP 429 `ratelimited` with Retry-After (whole seconds until the window has room, at least 1), and is not
 *   counted. `rateLimited` lists those refusals.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedSlackRequest {
  /** Web API method such as `chat.postMessage`, or `webhook`. */
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
  /** The webhook id, for webhook posts. */
  webhookId: string | null;
  /** Arrival time in ms since the epoch. */
  at: number;
  /** HTTP status answered (0 when the connection was dropped). */
  status: number;
}

export interface SlackFailure {
  /** HTTP status; 200 when only `error` is given. */
  status?: number;
  /** Seconds, sent as Retry-After with a 429 (default 1). */
  retryAfter?: number;
  ok?: false;
  /** Slack error code, e.g. `channel_not_found`. */
  error?: string;
  /** Only a request for this channel (webhooks: this webhook id) consumes the failure. */
  channel?: string;
  /** Close the connection without answering. */
  drop?: boolean;
}

export interface FakeSlackApi {
  url: string;
  webhookUrl(id: string): string;
  requests: RecordedSlackRequest[];
  /** The `chat.postMessage` requests refused for going over `channelRate` (not those `failNext` scripted). */
  rateLimited: RecordedSlackRequest[];
  failNext(method: string, failure: SlackFailure): void;
  close(): Promise<void>;
}

interface StoredMessage {
  text: unknown;
  blocks: unknown;
  threadTs: string | null;
}

const JSON_FIELDS = new Set(['blocks', 'attachments', 'metadata']);
const WEBHOOK_STATUS: Record<string, number> = {
  channel_not_found: 404,
  no_service: 404,
  channel_is_archived: 410,
  action_prohibited: 403,
  invalid_token: 403,
};

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (raw === '') return {};
  if (contentType?.includes('application/json') === true) {
    const parsed: unknown = JSON.parse(raw);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  }
  const body: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    body[key] = JSON_FIELDS.has(key) ? JSON.parse(value) : value;
  }
  return body;
}

/** Returns the Slack error a real workspace would give for this message, or null when it is acceptable. */
function checkMessage(body: Record<string, unknown>): string | null {
  const { text, blocks } = body;
  if ((typeof text !== 'string' || text === '') && !Array.isArray(blocks)) return 'no_text';
  if (typeof text === 'string' && text.length > 40_000) return 'msg_too_long';
  if (blocks === undefined) return null;
  if (!Array.isArray(blocks) || blocks.length > 50) return 'invalid_blocks';
  for (const block of blocks as Record<string, unknown>[]) {
    if (block.type === 'section') {
      const inner = block.text as { text?: unknown } | undefined;
      if (typeof inner?.text !== 'string' || inner.text.length === 0 || inner.text.length > 3000) return 'invalid_blocks';
    } else if (block.type === 'context') {
      const elements = block.elements as { text?: unknown }[] | undefined;
      if (!Array.isArray(elements) || elements.length === 0 || elements.length > 10) return 'invalid_blocks';
      if (elements.some((e) => typeof e.text !== 'string' || e.text.length > 3000)) return 'invalid_blocks';
    } else if (block.type !== 'divider' && block.type !== 'header') {
      return 'invalid_blocks';
    }
  }
  return null;
}

/** Starts the fake Slack API on 127.0.0.1 with a free port. */
export async function startFakeSlackApi(options: { token?: string; channelRate?: { messages: number; perMs: number } } = {}): Promise<FakeSlackApi> {
  const requests: RecordedSlackRequest[] = [];
  const rateLimited: RecordedSlackRequest[] = [];
  // Arrival times of the messages accepted per channel, within the trailing window.
  const acceptedAt = new Map<string, number[]>();
  const failures: { method: string; failure: SlackFailure }[] = [];
  const messages = new Map<string, StoredMessage>();
  let sequence = 0;

  const takeFailure = (method: string, channel: string | null): SlackFailure | null => {
    const index = failures.findIndex(
      (f) => f.method === method && (f.failure.channel === undefined || f.failure.channel === channel),
    );
    if (index < 0) return null;
    return failures.splice(index, 1)[0]?.failure ?? null;
  };

  const nextTs = (): string => {
    sequence += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(sequence).padStart(6, '0')}`;
  };

  const callMethod = (method: string, body: Record<string, unknown>, headers: IncomingHttpHeaders): object => {
    if (options.token !== undefined) {
      const auth = headers.authorization;
      if (auth === undefined && body.token === undefined) return { ok: false, error: 'not_authed' };
      if (auth !== `Bearer ${options.token}` && body.token !== options.token) return { ok: false, error: 'invalid_auth' };
    }
    const channel = typeof body.channel === 'string' ? body.channel : '';
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://fake.slack.test/', team: 'Fake', user: 'newswatch', team_id: 'T0FAKE', user_id: 'U0FAKE' };
      case 'chat.postMessage': {
        if (channel === '') return { ok: false, error: 'channel_not_found' };
        const problem = checkMessage(body);
        if (problem !== null) return { ok: false, error: problem };
        const ts = nextTs();
        const threadTs = typeof body.thread_ts === 'string' ? body.thread_ts : null;
        messages.set(`${channel}/${ts}`, { text: body.text, blocks: body.blocks, threadTs });
        const message = { type: 'message', user: 'U0FAKE', text: body.text, blocks: body.blocks, ts, ...(threadTs === null ? {} : { thread_ts: threadTs }) };
        return { ok: true, channel, ts, message };
      }
      case 'chat.update': {
        const ts = typeof body.ts === 'string' ? body.ts : '';
        const stored = messages.get(`${channel}/${ts}`);
        if (stored === undefined) return { ok: false, error: 'message_not_found' };
        const problem = checkMessage(body);
        if (problem !== null) return { ok: false, error: problem };
        messages.set(`${channel}/${ts}`, { ...stored, text: body.text, blocks: body.blocks });
        return { ok: true, channel, ts, text: body.text };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  };

  const answer = (res: ServerResponse, status: number, body: object | string, headers: Record<string, string> = {}): number => {
    const isText = typeof body === 'string';
    res.writeHead(status, { 'content-type': isText ? 'text/plain' : 'application/json; charset=utf-8', ...headers });
    res.end(isText ? body : JSON.stringify(body));
    return status;
  };

  const handle = (req: IncomingMessage, res: ServerResponse, raw: string): void => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const webhook = /^\/services\/([^/]+)$/.exec(path);
    const apiMethod = /^\/api\/([\w.]+)$/.exec(path);
    let body: Record<string, unknown> = {};
    try {
      body = parseBody(raw, req.headers['content-type']);
    } catch {
      body = { unparsed: raw };
    }
    const method = webhook !== null ? 'webhook' : (apiMethod?.[1] ?? path);
    const webhookId = webhook?.[1] ?? null;
    const record: RecordedSlackRequest = { method, path, headers: req.headers, body, webhookId, at: Date.now(), status: 0 };
    requests.push(record);

    const failure = takeFailure(method, webhookId ?? (typeof body.channel === 'string' ? body.channel : null));
    if (failure?.drop === true) {
      req.socket.destroy();
      return;
    }
    if (failure !== null) {
      const status = failure.status ?? (webhook !== null ? (WEBHOOK_STATUS[failure.error ?? ''] ?? 400) : 200);
      const headers: Record<string, string> = status === 429 ? { 'retry-after': String(failure.retryAfter ?? 1) } : {};
      const error = failure.error ?? (status === 429 ? 'ratelimited' : status >= 500 ? 'internal_error' : 'invalid_request');
      record.status = answer(res, status, webhook !== null ? error : { ok: false, error }, headers);
      return;
    }
    if (webhook !== null) {
      const problem = checkMessage(body);
      record.status = problem === null ? answer(res, 200, 'ok') : answer(res, 400, problem);
      return;
    }
    if (apiMethod === null || req.method !== 'POST') {
      record.status = answer(res, 404, 'not found');
      return;
    }
    const rate = options.channelRate;
    if (rate !== undefined && method === 'chat.postMessage' && typeof body.channel === 'string') {
      const recent = (acceptedAt.get(body.channel) ?? []).filter((at) => at > record.at - rate.perMs);
      acceptedAt.set(body.channel, recent);
      if (recent.length >= rate.messages) {
        const retryAfter = Math.max(1, Math.ceil(((recent[0] ?? record.at) + rate.perMs - record.at) / 1_000));
        record.status = answer(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(retryAfter) });
        rateLimited.push(record);
        return;
      }
      const answered = callMethod(method, body, req.headers);
      if ((answered as { ok?: boolean }).ok === true) recent.push(record.at);
      record.status = answer(res, 200, answered);
      return;
    }
    record.status = answer(res, 200, callMethod(method, body, req.headers));
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: `${base}/api/`,
    webhookUrl: (id: string) => `${base}/services/${encodeURIComponent(id)}`,
    requests,
    rateLimited,
    failNext(method, failure) {
      failures.push({ method, failure });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
