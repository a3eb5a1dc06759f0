/**
 * A local server speaking enough of the Discord REST API (v10) for tests and benchmarks, driven by the real
 * client libraries. It listens on 127.0.0.1 on a free port.
 *
 * - `url` is the REST base for `new REST({ api: url })` / DISCORD_API_URL (`http://127.0.0.1:PORT/api`); paths
 *   are accepted with or without the `/v10` prefix.
 * - Routes (the names used by `failNext` and in `requests[].route`): `createMessage` POST
 *   /channels/{channel}/messages, `editMessage` PATCH /channels/{channel}/messages/{message}, `startThread` POST
 *   /channels/{channel}/messages/{message}/threads (the thread id is the message id; a second start answers
 *   400 code 160004), `executeWebhook` POST /webhooks/{id}/{token} (message back only with `?wait=true`, else
 *   204), `editWebhookMessage` PATCH /webhooks/{id}/{token}/messages/{message}, `getWebhook` GET /webhooks/{id}/{token}.
 * - `webhookUrl(id, token)` registers a webhook (id: digits, token: letters, digits, `-`, `_`) and returns its
 *   URL; any other webhook answers 404 Unknown Webhook (10015).
 * - Messages are checked against Discord's limits (400 Invalid Form Body, code 50035; an empty message 50006).
 * - Every answer carries X-RateLimit-Limit/Remaining/Reset/Reset-After/Bucket for a per route and channel
 *   bucket of `bucketLimit` requests per `bucketWindowMs` (defaults 50 per 1,000 ms); past it, a real 429.
 * - `failNext(route, failure)` makes the next matching request fail; calls queue up. Examples:
 *   `{ status: 429, retryAfter: 0.3 }` (seconds; Retry-After header, JSON `retry_after`, `global: true` adds
 *   X-RateLimit-Global), `{ status: 404, code: 10003, message: 'Unknown Channel' }`, `{ status: 500 }`,
 *   `{ drop: true }`. `channel` restricts it to requests for that channel (for webhooks: the webhook id).
 * - Pass `{ token }` to require `Authorization: Bot <token>` on bot routes (else 401), and
 *   `{ webhookWithoutChannel: true }` for a `getWebhook` answer without `channel_id`.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type DiscordRoute = 'createMessage' | 'editMessage' | 'startThread' | 'executeWebhook' | 'editWebhookMessage' | 'getWebhook';

export interface RecordedDiscordRequest {
  method: string;
  /** The full request path, e.g. `/api/v10/channels/1/messages`. */
  path: string;
  /** The route name, or null for a path the fake does not know. */
  route: DiscordRoute | null;
  /** Channel (or thread) id for channel routes, webhook id for webhook routes. */
  channel: string | null;
  /** The message id in the path, when there is one. */
  message: string | null;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
  /** Arrival time in ms since the epoch. */
  at: number;
  /** HTTP status answered (0 when the connection was dropped). */
  status: number;
}

export interface DiscordFailure {
  status?: number;
  /** Seconds (fractions allowed) for a 429. */
  retryAfter?: number;
  global?: boolean;
  code?: number;
  message?: string;
  channel?: string;
  drop?: boolean;
}

export interface StoredDiscordMessage {
  id: string;
  channel: string;
  content: unknown;
  embeds: unknown;
  allowedMentions: unknown;
}

export interface FakeDiscordApi {
  url: string;
  webhookUrl(id: string, token: string): string;
  requests: RecordedDiscordRequest[];
  /** Messages as they stand now (edits applied), by id. */
  messages: Map<string, StoredDiscordMessage>;
  failNext(route: DiscordRoute, failure: DiscordFailure): void;
  close(): Promise<void>;
}

const ROUTES: { route: DiscordRoute; method: string; pattern: RegExp }[] = [
  { route: 'createMessage', method: 'POST', pattern: /^\/channels\/(\d+)\/messages$/ },
  { route: 'editMessage', method: 'PATCH', pattern: /^\/channels\/(\d+)\/messages\/(\d+)$/ },
  { route: 'startThread', method: 'POST', pattern: /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/ },
  { route: 'executeWebhook', method: 'POST', pattern: /^\/webhooks\/(\d+)\/([\w-]+)$/ },
  { route: 'editWebhookMessage', method: 'PATCH', pattern: /^\/webhooks\/(\d+)\/([\w-]+)\/messages\/(\d+)$/ },
  { route: 'getWebhook', method: 'GET', pattern: /^\/webhooks\/(\d+)\/([\w-]+)$/ },
];

const DEFAULT_ERRORS: Record<number, { message: string; code: number }> = {
  400: { message: 'Invalid Form Body', code: 50035 },
  401: { message: '401: Unauthorized', code: 0 },
  403: { message: 'Missing Permissions', code: 50013 },
  404: { message: 'Unknown Channel', code: 10003 },
};

/** Returns Discord's complaint about a message body, or null when it is within the limits. */
function checkMessage(body: Record<string, unknown>): { message: string; code: number } | null {
  const content = typeof body.content === 'string' ? body.content : '';
  const embeds = Array.isArray(body.embeds) ? (body.embeds as Record<string, unknown>[]) : [];
  const invalid = (what: string): { message: string; code: number } => ({ message: `Invalid Form Body: ${what}`, code: 50035 });
  if (content.length > 2000) return invalid('content');
  if (embeds.length > 10) return invalid('embeds');
  let total = 0;
  for (const embed of embeds) {
    const text = (value: unknown): string => (typeof value === 'string' ? value : '');
    const title = text(embed.title);
    const description = text(embed.description);
    const fields = Array.isArray(embed.fields) ? (embed.fields as Record<string, unknown>[]) : [];
    const author = text((embed.author as Record<string, unknown> | undefined)?.name);
    const footer = text((embed.footer as Record<string, unknown> | undefined)?.text);
    if (title.length > 256 || description.length > 4096 || fields.length > 25 || author.length > 256 || footer.length > 2048) {
      return invalid('embed limits');
    }
    if ('description' in embed && description === '') return invalid('embed description');
    for (const field of fields) {
      const name = text(field.name);
      const value = text(field.value);
      if (name === '' || value === '' || name.length > 256 || value.length > 1024) return invalid('embed field');
      total += name.length + value.length;
    }
    total += title.length + description.length + author.length + footer.length;
  }
  if (total > 6000) return invalid('embeds total');
  if (content === '' && embeds.length === 0 && body.embeds === undefined) return { message: 'Cannot send an empty message', code: 50006 };
  return null;
}

/** Starts the fake Discord API on 127.0.0.1 with a free port. */
export async function startFakeDiscordApi(
  options: { token?: string; bucketLimit?: number; bucketWindowMs?: number; webhookWithoutChannel?: boolean } = {},
): Promise<FakeDiscordApi> {
  const bucketLimit = options.bucketLimit ?? 50;
  const bucketWindowMs = options.bucketWindowMs ?? 1000;
  const requests: RecordedDiscordRequest[] = [];
  const failures: { route: DiscordRoute; failure: DiscordFailure }[] = [];
  const messages = new Map<string, StoredDiscordMessage>();
  const threads = new Map<string, { parent: string; name: unknown }>();
  const webhooks = new Map<string, string>();
  const buckets = new Map<string, { count: number; resetAt: number }>();
  let nextId = 1_200_000_000_000_000_000n;
  const newId = (): string => String((nextId += 1n));

  const rateHeaders = (route: string, major: string, now: number): { headers: Record<string, string>; over: number | null } => {
    const key = `${route}:${major}`;
    let bucket = buckets.get(key);
    if (bucket === undefined || bucket.resetAt <= now) {
      bucket = { count: 0, resetAt: now + bucketWindowMs };
      buckets.set(key, bucket);
    }
    bucket.count += 1;
    const resetAfter = (bucket.resetAt - now) / 1000;
    const headers = {
      'x-ratelimit-limit': String(bucketLimit),
      'x-ratelimit-remaining': String(Math.max(0, bucketLimit - bucket.count)),
      'x-ratelimit-reset': (bucket.resetAt / 1000).toFixed(3),
      'x-ratelimit-reset-after': resetAfter.toFixed(3),
      'x-ratelimit-bucket': `fake-${route}`,
    };
    return { headers, over: bucket.count > bucketLimit ? resetAfter : null };
  };

  const tooMany = (retryAfter: number, global: boolean, route: string): { status: number; body: object; headers: Record<string, string> } => ({
    status: 429,
    body: { message: 'You are being rate limited.', retry_after: retryAfter, global },
    headers: {
      'retry-after': String(retryAfter),
      'x-ratelimit-limit': String(bucketLimit),
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset-after': String(retryAfter),
      'x-ratelimit-reset': ((Date.now() + retryAfter * 1000) / 1000).toFixed(3),
      'x-ratelimit-bucket': `fake-${route}`,
      'x-ratelimit-scope': global ? 'global' : 'user',
      ...(global ? { 'x-ratelimit-global': 'true' } : {}),
    },
  });

  const perform = (record: RecordedDiscordRequest, params: string[], headers: IncomingHttpHeaders): { status: number; body?: object } => {
    const { route, body } = record;
    const isWebhook = route === 'executeWebhook' || route === 'editWebhookMessage' || route === 'getWebhook';
    if (isWebhook) {
      if (webhooks.get(params[0] ?? '') !== params[1]) return { status: 404, body: { message: 'Unknown Webhook', code: 10015 } };
    } else if (options.token !== undefined && headers.authorization !== `Bot ${options.token}`) {
      return { status: 401, body: DEFAULT_ERRORS[401] ?? {} };
    }
    const store = (channel: string, id: string): object => {
      const stored = { id, channel, content: body.content ?? '', embeds: body.embeds ?? [], allowedMentions: body.allowed_mentions };
      messages.set(id, stored);
      return { id, channel_id: channel, type: 0, content: stored.content, embeds: stored.embeds, timestamp: new Date().toISOString() };
    };
    if (route === 'getWebhook') {
      const channel = options.webhookWithoutChannel === true ? {} : { channel_id: `9${params[0]}` };
      return { status: 200, body: { id: params[0], type: 1, guild_id: '900000000000000001', ...channel, token: params[1] } };
    }
    if (route === 'startThread') {
      const message = messages.get(params[1] ?? '');
      if (message === undefined || message.channel !== params[0]) return { status: 404, body: { message: 'Unknown Message', code: 10008 } };
      if (threads.has(message.id)) return { status: 400, body: { message: 'A thread has already been created for this message', code: 160004 } };
      threads.set(message.id, { parent: message.channel, name: body.name });
      return { status: 201, body: { id: message.id, type: 11, parent_id: message.channel, name: body.name } };
    }
    const problem = checkMessage(body);
    if (problem !== null) return { status: 400, body: problem };
    if (route === 'createMessage') return { status: 200, body: store(params[0] ?? '', newId()) };
    if (route === 'executeWebhook') {
      const posted = store(`9${params[0]}`, newId());
      return record.query.get('wait') === 'true' ? { status: 200, body: { ...posted, webhook_id: params[0] } } : { status: 204 };
    }
    const id = route === 'editMessage' ? params[1] : params[2];
    const existing = messages.get(id ?? '');
    if (existing === undefined) return { status: 404, body: { message: 'Unknown Message', code: 10008 } };
    const edited = { ...existing, ...('content' in body ? { content: body.content } : {}), ...('embeds' in body ? { embeds: body.embeds } : {}) };
    messages.set(existing.id, edited);
    return { status: 200, body: { id: existing.id, channel_id: existing.channel, content: edited.content, embeds: edited.embeds } };
  };

  const handle = (req: IncomingMessage, res: ServerResponse, raw: string): void => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname.replace(/^\/api(\/v\d+)?/, '');
    const method = req.method ?? 'GET';
    let body: Record<string, unknown> = {};
    try {
      const parsed: unknown = raw === '' ? {} : JSON.parse(raw);
      if (typeof parsed === 'object' && parsed !== null) body = parsed as Record<string, unknown>;
    } catch {
      body = { unparsed: raw };
    }
    const matched = ROUTES.find((r) => r.method === method && r.pattern.test(path));
    const params = matched === undefined ? [] : (matched.pattern.exec(path) ?? []).slice(1);
    const route = matched?.route ?? null;
    const message = route === 'editMessage' || route === 'startThread' ? (params[1] ?? null) : route === 'editWebhookMessage' ? (params[2] ?? null) : null;
    const record: RecordedDiscordRequest = {
      method, path: url.pathname, route, channel: params[0] ?? null, message, query: url.searchParams, headers: req.headers, body, at: Date.now(), status: 0,
    };
    requests.push(record);
    const send = (status: number, payload?: object, headers: Record<string, string> = {}): void => {
      record.status = status;
      res.writeHead(status, payload === undefined ? headers : { 'content-type': 'application/json', ...headers });
      res.end(payload === undefined ? undefined : JSON.stringify(payload));
    };
    if (route === null) {
      send(404, { message: '404: Not Found', code: 0 });
      return;
    }
    const index = failures.findIndex((f) => f.route === route && (f.failure.channel === undefined || f.failure.channel === record.channel));
    const failure = index < 0 ? null : (failures.splice(index, 1)[0]?.failure ?? null);
    if (failure?.drop === true) {
      req.socket.destroy();
      return;
    }
    if (failure !== null) {
      const status = failure.status ?? 500;
      if (status === 429) {
        const limited = tooMany(failure.retryAfter ?? 1, failure.global === true, route);
        send(limited.status, limited.body, limited.headers);
        return;
      }
      const defaults = describeStatus(status);
      send(status, { message: failure.message ?? defaults.message, code: failure.code ?? defaults.code });
      return;
    }
    const limits = rateHeaders(route, record.channel ?? '', Date.now());
    if (limits.over !== null) {
      const limited = tooMany(limits.over, false, route);
      send(limited.status, limited.body, limited.headers);
      return;
    }
    const result = perform(record, params, req.headers);
    send(result.status, result.body, limits.headers);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;

  return {
    url: base,
    webhookUrl(id: string, token: string) {
      webhooks.set(id, token);
      return `${base}/webhooks/${id}/${token}`;
    },
    requests,
    messages,
    failNext(route, failure) {
      failures.push({ route, failure });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function describeStatus(status: number): { message: string; code: number } {
  return DEFAULT_ERRORS[status] ?? { message: status >= 500 ? 'Internal Server Error' : 'Error', code: 0 };
}
