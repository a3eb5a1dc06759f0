import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FeedRoute {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface RecordedRequest {
  path: string;
  headers: IncomingMessage['headers'];
}

/** A local HTTP server on 127.0.0.1 serving whatever each path is set to, recording every request. */
export interface FeedServer {
  url: string;
  requests: RecordedRequest[];
  /** Sets what a path serves: fixed content, or a handler for full control. */
  route(path: string, content: FeedRoute | ((req: IncomingMessage, res: ServerResponse) => void)): void;
  close(): Promise<void>;
}

export async function startFeedServer(): Promise<FeedServer> {
  const routes = new Map<string, FeedRoute | ((req: IncomingMessage, res: ServerResponse) => void)>();
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    requests.push({ path, headers: req.headers });
    const route = routes.get(path);
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (typeof route === 'function') {
      route(req, res);
      return;
    }
    res.writeHead(route.status ?? 200, { 'content-type': 'application/rss+xml; charset=utf-8', ...route.headers });
    res.end(route.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    route: (path, content) => void routes.set(path, content),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface TestItem {
  guid?: string;
  title: string;
  link?: string;
  pubDate?: string;
  html?: string;
}

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** An RSS 2.0 document with the given items. */
export function rssFeed(title: string, items: readonly TestItem[]): string {
  const body = items
    .map(
      (item) => `<item><title>${escapeXml(item.title)}</title>${item.link ? `<link>${escapeXml(item.link)}</link>` : ''}${
        item.guid ? `<guid isPermaLink="false">${escapeXml(item.guid)}</guid>` : ''
      }${item.pubDate ? `<pubDate>${item.pubDate}</pubDate>` : ''}<description>${escapeXml(item.html ?? '')}</description></item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>${escapeXml(title)}</title><link>https://example.test/</link>\n${body}\n</channel></rss>\n`;
}
