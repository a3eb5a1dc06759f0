import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { createGzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFeedServer, type FeedServer } from '../../support/feed-server.js';
import { runBesideNormalFeeds, trackMemory } from './hostile-harness.js';

const MB = 1024 * 1024;

/** A gzip stream of `megabytes` of zeros, made a megabyte at a time so the test never holds it unpacked. */
async function gzipOfZeros(megabytes: number): Promise<Buffer> {
  const gzip = createGzip({ level: 1 });
  const parts: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => parts.push(chunk));
  const done = new Promise((resolve) => gzip.on('end', resolve));
  const zeros = Buffer.alloc(MB);
  for (let index = 0; index < megabytes; index += 1) {
    if (!gzip.write(zeros)) await new Promise((resolve) => gzip.once('drain', resolve));
  }
  gzip.end();
  await done;
  return Buffer.concat(parts);
}

/** Streams `total` bytes of feed-looking text with backpressure, counting what was written before the client left. */
function streamHuge(res: ServerResponse, total: number, sent: { bytes: number }, headers: Record<string, string> = {}): void {
  res.writeHead(200, { 'content-type': 'application/rss+xml', ...headers });
  const chunk = Buffer.from(`<item><title>${'x'.repeat(64 * 1024 - 30)}</title></item>`);
  let closed = false;
  res.on('close', () => (closed = true));
  const pump = (): void => {
    while (!closed && sent.bytes < total) {
      sent.bytes += chunk.length;
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
    if (!closed) res.end();
  };
  res.write('<?xml version="1.0"?><rss version="2.0"><channel><title>huge</title>');
  pump();
}

describe('hostile transport: each feed ends in a clear error in time, the others still alert', () => {
  let server: FeedServer;
  let memory: ReturnType<typeof trackMemory>;
  let bomb: Buffer;
  beforeAll(async () => {
    bomb = await gzipOfZeros(256);
    server = await startFeedServer();
    memory = trackMemory();
  });
  afterAll(async () => server.close());

  it('an XML entity-expansion bomb', async () => {
    server.route('/bomb.xml', { body: readFileSync(new URL('../../fixtures/feeds/billion-laughs.xml', import.meta.url)) });
    const { error } = await runBesideNormalFeeds(server, '/bomb.xml');
    expect(error).toMatch(/entit/i);
  });

  it('a 200 MB body, streamed: the cap stops it long before the end', async () => {
    const sent = { bytes: 0 };
    server.route('/huge.xml', (_req, res) => streamHuge(res, 200 * MB, sent));
    const { error } = await runBesideNormalFeeds(server, '/huge.xml');
    expect(error).toMatch(/exceeded 2 MB/);
    expect(sent.bytes).toBeLessThan(40 * MB);
  });

  it('a 200 MB body announced by Content-Length is refused before reading', async () => {
    const sent = { bytes: 0 };
    server.route('/announced.xml', (_req, res) => streamHuge(res, 200 * MB, sent, { 'content-length': String(200 * MB) }));
    const { error } = await runBesideNormalFeeds(server, '/announced.xml');
    expect(error).toContain(`${200 * MB} bytes`);
    expect(sent.bytes).toBeLessThan(40 * MB);
  });

  it(`a gzip bomb (256 MB of zeros in a small body) stops at the decompressed cap`, async () => {
    expect(bomb.length).toBeLessThan(2 * MB);
    server.route('/gzip-bomb.xml', (_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' }).end(bomb));
    const { error } = await runBesideNormalFeeds(server, '/gzip-bomb.xml');
    expect(error).toMatch(/exceeded 2 MB after decompression/);
  });

  it('a server that drips one byte a second ends at the fetch timeout', async () => {
    server.route('/drip.xml', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const timer = setInterval(() => res.write('<'), 1_000);
      res.on('close', () => clearInterval(timer));
    });
    const { error, ms } = await runBesideNormalFeeds(server, '/drip.xml', { withinMs: 4_000 });
    expect(error).toMatch(/no complete response within 2000 ms/);
    expect(ms).toBeGreaterThanOrEqual(1_900);
  });

  it('a redirect loop', async () => {
    server.route('/loop-a.xml', { status: 302, headers: { location: '/loop-b.xml' } });
    server.route('/loop-b.xml', { status: 302, headers: { location: '/loop-a.xml' } });
    const { error } = await runBesideNormalFeeds(server, '/loop-a.xml');
    expect(error).toMatch(/redirect loop/);
  });

  it('a redirect to a private address, by IP and by name, with private addresses refused', async () => {
    server.route('/to-metadata.xml', { status: 302, headers: { location: 'http://169.254.169.254/latest/meta-data/' } });
    const metadata = await runBesideNormalFeeds(server, '/to-metadata.xml');
    expect(metadata.error).toMatch(/169\.254\.169\.254.*(private|link-local)/);

    const port = new URL(server.url).port;
    server.route('/to-localhost.xml', { status: 302, headers: { location: `http://localhost:${port}/normal-a.xml` } });
    const byName = await runBesideNormalFeeds(server, '/to-localhost.xml');
    expect(byName.error).toMatch(/localhost.*(loopback|private)|(loopback|private).*localhost/i);
    expect(server.requests.some((request) => request.headers.host === `localhost:${port}`)).toBe(false);
  });

  it('kept memory bounded over all of the above', () => {
    const used = memory.stop();
    process.stderr.write(`hostile transport memory: ${JSON.stringify(used)}\n`);
    // 200 MB and 256 MB bodies went by; buffering either would show here
    expect(used.growthMb).toBeLessThan(150);
  });
});
