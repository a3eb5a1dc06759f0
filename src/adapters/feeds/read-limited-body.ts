import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';
import { feedError } from './feed-error.js';

/**
 * Reads a response body, undoing its Content-Encoding (gzip, deflate, br), and stops as soon as the decoded
 * size passes `maxBytes`: the cap is on what we would hold in memory, so a small gzip bomb ends at the cap
 * instead of filling the heap. Throws feed_too_large or feed_network (unknown or corrupt encoding).
 */
export async function readLimitedBody(
  body: Readable,
  contentEncoding: string | null,
  maxBytes: number,
  location: string,
): Promise<Buffer> {
  const codings = (contentEncoding ?? '')
    .toLowerCase()
    .split(',')
    .map((coding) => coding.trim())
    .filter((coding) => coding !== '' && coding !== 'identity');
  const decoders: Transform[] = [];
  const chunks: Buffer[] = [];
  let total = 0;
  // late errors (undici reports destroying an unfinished body as one) must not become uncaught exceptions
  body.on('error', ignore);
  try {
    let tail: Readable = body;
    // codings are listed in the order they were applied, so they come off in reverse
    for (const coding of [...codings].reverse()) {
      const decoder = createDecoder(coding, location);
      decoder.on('error', ignore);
      decoders.push(decoder);
      tail.on('error', (error) => decoder.destroy(error));
      tail = tail.pipe(decoder);
    }
    for await (const chunk of tail as AsyncIterable<Buffer>) {
      total += chunk.byteLength;
      if (total > maxBytes) {
        throw feedError('feed_too_large', location, `response exceeded ${formatBytes(maxBytes)} after decompression`);
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (isZlibError(error)) {
      throw feedError('feed_network', location, `could not decode the ${codings.join(', ')} body: ${error.message}`, error);
    }
    throw error;
  } finally {
    body.destroy();
    for (const decoder of decoders) decoder.destroy();
  }
  return Buffer.concat(chunks, total);
}

/** Destroys a stream that may still report an error later, without that error going uncaught. */
export function destroyQuietly(stream: Readable): void {
  stream.on('error', ignore);
  stream.destroy();
}

function ignore(): void {}

/** "5 MB", "64 KB" or "1000 bytes", for messages people read. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return `${bytes} bytes`;
}

function createDecoder(coding: string, location: string): Transform {
  if (coding === 'gzip' || coding === 'x-gzip') return createGunzip();
  if (coding === 'br') return createBrotliDecompress();
  if (coding === 'deflate') return createDeflateDecoder();
  throw feedError('feed_network', location, `unsupported Content-Encoding "${coding}" (gzip, deflate and br are understood)`);
}

/**
 * HTTP "deflate" should be zlib-wrapped, but some servers send raw deflate; the first byte tells them apart
 * (a zlib header's low nibble is 8, the deflate method).
 */
function createDeflateDecoder(): Transform {
  let inner: Transform | null = null;
  const outer = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (inner === null) {
        const created = ((chunk[0] ?? 0) & 0x0f) === 0x08 ? createInflate() : createInflateRaw();
        created.on('data', (data: Buffer) => outer.push(data));
        created.on('error', (error) => outer.destroy(error));
        inner = created;
      }
      inner.write(chunk, () => done());
    },
    flush(done) {
      if (inner === null) {
        done();
        return;
      }
      inner.once('end', () => done());
      inner.end();
    },
  });
  outer.on('close', () => inner?.destroy());
  return outer;
}

function isZlibError(error: unknown): error is Error {
  return error instanceof Error && typeof (error as { errno?: unknown }).errno === 'number' && /^Z_/.test(String((error as { code?: unknown }).code));
}
