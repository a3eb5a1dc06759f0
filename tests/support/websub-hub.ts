import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { rssFeed, type TestItem } from './feed-server.js';

/** An RSS feed advertising a hub and its self URL in the document (`<atom:link>`), as most WebSub feeds do. */
export function feedWithHub(title: string, items: readonly TestItem[], hub: string, self: string): string {
  return rssFeed(title, items)
    .replace('<rss version="2.0">', '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">')
    .replace('<channel>', `<channel><atom:link rel="hub" href="${hub}"/><atom:link rel="self" type="application/rss+xml" href="${self}"/>`);
}

/** A subscription as the hub holds it once the subscriber verified its intent. */
export interface HubSubscription {
  callback: string;
  topic: string;
  secret: string | null;
  leaseSeconds: number;
  expiresAt: number;
}

/** One subscription request the hub received (WebSub 5.1), with how its verification went. */
export interface HubRequestRecord {
  mode: string;
  topic: string;
  callback: string;
  secret: string | null;
  leaseSeconds: string | null;
  /** 'verified' (the challenge came back), 'refused' (anything else), or 'pending' while the hub asks. */
  verification: 'pending' | 'verified' | 'refused';
  /** The subscriber's answer to the verification request. */
  answer?: { status: number; body: string };
}

/** One content distribution the hub sent, and the subscriber's answer. */
export interface HubDelivery {
  callback: string;
  topic: string;
  status: number;
}

export interface HubOptions {
  /** The lease the hub grants, whatever the subscriber asked for (seconds). */
  leaseSeconds?: number;
  /** The digest it signs with (WebSub section 7). */
  method?: 'sha1' | 'sha256' | 'sha384' | 'sha512';
  /** Denies every subscription with this reason (section 5.2) instead of verifying it. */
  denyWith?: string;
}

/**
 * A WebSub hub on 127.0.0.1, the hub side of the W3C Recommendation: it takes subscription requests
 * (form-encoded POST, answered 202 and verified afterwards by a GET on the callback with a random challenge),
 * grants leases that expire, and distributes content to the verified subscribers of a topic, signed with
 * `X-Hub-Signature` when they gave a secret, with the `Link` headers of hub and topic.
 */
export interface WebSubHub {
  url: string;
  requests: HubRequestRecord[];
  deliveries: HubDelivery[];
  /** Subscriptions in force now (verified, lease not expired). */
  active(topic?: string): HubSubscription[];
  /** Sends `body` to every subscriber of `topic` whose lease has not expired; resolves with their answers. */
  publish(topic: string, body: string, contentType?: string): Promise<HubDelivery[]>;
  /** Stops answering: the hub going away. */
  close(): Promise<void>;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export async function startWebSubHub(options: HubOptions = {}): Promise<WebSubHub> {
  const leaseSeconds = options.leaseSeconds ?? 3_600;
  const method = options.method ?? 'sha256';
  const subscriptions = new Map<string, HubSubscription>();
  const requests: HubRequestRecord[] = [];
  const deliveries: HubDelivery[] = [];
  const sockets = new Set<Socket>();
  const keyOf = (callback: string, topic: string): string => JSON.stringify([callback, topic]);
  let url = '';

  /** Denial (5.2): the subscriber is told, and nothing is verified. */
  const deny = async (record: HubRequestRecord, reason: string): Promise<void> => {
    const target = new URL(record.callback);
    target.searchParams.set('hub.mode', 'denied');
    target.searchParams.set('hub.topic', record.topic);
    target.searchParams.set('hub.reason', reason);
    const response = await fetch(target, { signal: AbortSignal.timeout(5_000) }).catch(() => null);
    record.answer = { status: response?.status ?? 0, body: (await response?.text()) ?? '' };
    record.verification = 'refused';
  };

  /** Verification of intent (5.3): the subscriber must echo the challenge with a 2xx. */
  const verify = async (record: HubRequestRecord): Promise<void> => {
    if (options.denyWith !== undefined && record.mode === 'subscribe') return deny(record, options.denyWith);
    const challenge = randomBytes(16).toString('hex');
    const target = new URL(record.callback);
    target.searchParams.set('hub.mode', record.mode);
    target.searchParams.set('hub.topic', record.topic);
    target.searchParams.set('hub.challenge', challenge);
    if (record.mode === 'subscribe') target.searchParams.set('hub.lease_seconds', String(leaseSeconds));
    try {
      const response = await fetch(target, { signal: AbortSignal.timeout(5_000) });
      record.answer = { status: response.status, body: await response.text() };
    } catch (error) {
      record.answer = { status: 0, body: String(error) };
    }
    const confirmed = record.answer.status >= 200 && record.answer.status < 300 && record.answer.body === challenge;
    record.verification = confirmed ? 'verified' : 'refused';
    if (!confirmed) return;
    const key = keyOf(record.callback, record.topic);
    if (record.mode === 'unsubscribe') subscriptions.delete(key);
    else subscriptions.set(key, { callback: record.callback, topic: record.topic, secret: record.secret, leaseSeconds, expiresAt: Date.now() + leaseSeconds * 1_000 });
  };

  const server: Server = createServer((req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(405).end();
      return;
    }
    void readForm(req).then((form) => {
      const mode = form.get('hub.mode') ?? '';
      const topic = form.get('hub.topic') ?? '';
      const callback = form.get('hub.callback') ?? '';
      if (!['subscribe', 'unsubscribe'].includes(mode) || topic === '' || !URL.canParse(callback)) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end('hub.mode, hub.topic and hub.callback are required');
        return;
      }
      const secret = form.get('hub.secret');
      if (secret !== null && Buffer.byteLength(secret) >= 200) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end('hub.secret must be under 200 bytes');
        return;
      }
      const record: HubRequestRecord = { mode, topic, callback, secret, leaseSeconds: form.get('hub.lease_seconds'), verification: 'pending' };
      requests.push(record);
      res.writeHead(202).end();
      // verified after the answer, as a hub that verifies asynchronously does
      setImmediate(() => void verify(record));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  const active = (topic?: string): HubSubscription[] =>
    [...subscriptions.values()].filter((subscription) => subscription.expiresAt > Date.now() && (topic === undefined || subscription.topic === topic));

  return {
    url,
    requests,
    deliveries,
    active,
    async publish(topic, body, contentType = 'application/rss+xml; charset=utf-8') {
      const bytes = Buffer.from(body, 'utf8');
      return Promise.all(
        active(topic).map(async (subscription) => {
          const headers: Record<string, string> = { 'content-type': contentType, link: `<${url}>; rel="hub", <${topic}>; rel="self"` };
          if (subscription.secret !== null) headers['x-hub-signature'] = `${method}=${createHmac(method, subscription.secret).update(bytes).digest('hex')}`;
          let status = 0;
          try {
            status = (await fetch(subscription.callback, { method: 'POST', headers, body: bytes, signal: AbortSignal.timeout(5_000) })).status;
          } catch {
            status = 0;
          }
          // 410 Gone: the subscriber deleted the subscription (section 8)
          if (status === 410) subscriptions.delete(keyOf(subscription.callback, topic));
          const delivery = { callback: subscription.callback, topic, status };
          deliveries.push(delivery);
          return delivery;
        }),
      );
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
