import type { IncomingMessage } from 'node:http';
import type { Express, Request, Response } from 'express';

/** What a route answers with: a status and a plain-text body. */
export interface RouteAnswer {
  status: number;
  body: string;
}

/** The WebSub callback's behaviour, wired in by the composition root. */
export interface WebSubRouteHandlers {
  /** A hub's GET: verification of intent, or a denial. */
  verify(
    feedId: string,
    query: { mode: string | null; topic: string | null; challenge: string | null; leaseSeconds: string | null; reason: string | null },
  ): Promise<RouteAnswer>;
  /** A hub's POST: a content distribution, its body null when over `maxBytes`. */
  deliver(feedId: string, delivery: { signature: string | null; contentType: string | null; body: Uint8Array | null }): Promise<RouteAnswer>;
  /** The largest body taken, read per request (the feeds' size limit, which a reload may change). */
  maxBytes(): number;
  onError(error: unknown, feedId: string): void;
}

/** WebSub callbacks live under this path, one per feed: `/websub/<feed-id>`. */
export const WEBSUB_PATH = '/websub';

function first(value: unknown): string | null {
  const single: unknown = Array.isArray(value) ? value[0] : value;
  return typeof single === 'string' ? single : null;
}

/** Reads the body up to `limit` bytes; null once it goes over (the rest is not read). */
async function readBody(req: IncomingMessage, limit: number): Promise<Uint8Array | null> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * Mounts the WebSub callback on the listener: GET for the hub's verification of intent, POST for content
 * distribution, the raw body kept byte for byte since the signature is over those bytes.
 */
export function mountWebSubRoutes(app: Express, handlers: WebSubRouteHandlers): void {
  const send = (res: Response, answer: RouteAnswer): void => {
    res.status(answer.status).type('text/plain').send(answer.body);
  };
  const fail = (res: Response, error: unknown, feedId: string): void => {
    handlers.onError(error, feedId);
    if (!res.headersSent) res.status(500).type('text/plain').send('the delivery could not be taken; send it again\n');
  };
  app.get(`${WEBSUB_PATH}/:feedId`, async (req: Request, res: Response) => {
    const feedId = String(req.params['feedId'] ?? '');
    try {
      const query = req.query as Record<string, unknown>;
      send(
        res,
        await handlers.verify(feedId, {
          mode: first(query['hub.mode']),
          topic: first(query['hub.topic']),
          challenge: first(query['hub.challenge']),
          leaseSeconds: first(query['hub.lease_seconds']),
          reason: first(query['hub.reason']),
        }),
      );
    } catch (error) {
      fail(res, error, feedId);
    }
  });
  app.post(`${WEBSUB_PATH}/:feedId`, async (req: Request, res: Response) => {
    const feedId = String(req.params['feedId'] ?? '');
    try {
      const body = await readBody(req, handlers.maxBytes());
      // a body left unread would hold the connection: close it after the answer
      if (body === null) res.set('connection', 'close');
      const signature = req.get('x-hub-signature') ?? null;
      send(res, await handlers.deliver(feedId, { signature, contentType: req.get('content-type') ?? null, body }));
    } catch (error) {
      fail(res, error, feedId);
    }
  });
}
