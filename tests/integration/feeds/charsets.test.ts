import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryRateBudgets } from '../../../src/adapters/budgets/memory-rate-budgets.js';
import { charsetFromContentType, decodeBody } from '../../../src/adapters/feeds/decode-body.js';
import { fetchAndParse } from '../../../src/adapters/feeds/fetch-and-parse.js';
import { createHttpFeedFetcher } from '../../../src/adapters/feeds/http-feed-fetcher.js';
import { startFeedServer, type FeedServer } from './feed-server.js';

const NONE = { etag: null, lastModified: null };

/** Builds bytes from ASCII text and raw byte values, for encodings Node cannot encode to. */
function bytes(...parts: Array<string | number>): Buffer {
  return Buffer.concat(parts.map((part) => (typeof part === 'number' ? Buffer.from([part]) : Buffer.from(part, 'latin1'))));
}

// "Café – €5 “quoted”" in windows-1252: é E9, en dash 96, euro 80, curly quotes 93 and 94
const CP1252_TITLE = ['Caf', 0xe9, ' ', 0x96, ' ', 0x80, '5 ', 0x93, 'quoted', 0x94] as const;
const CP1252_TEXT = 'Café – €5 “quoted”';
// "Zürich à Genève" in ISO-8859-1
const LATIN1_TITLE = ['Z', 0xfc, 'rich ', 0xe0, ' Gen', 0xe8, 've'] as const;
const LATIN1_TEXT = 'Zürich à Genève';

const feedBytes = (declaration: string, title: ReadonlyArray<string | number>): Buffer =>
  bytes(`${declaration}<rss version="2.0"><channel><title>`, ...title, '</title></channel></rss>');

let server: FeedServer;

beforeAll(async () => {
  const send = (response: ServerResponse, contentType: string, body: Buffer): void => {
    response.writeHead(200, { 'content-type': contentType }).end(body);
  };
  server = await startFeedServer({
    '/cp1252-header': (_request, response) => send(response, 'application/rss+xml; charset=windows-1252', feedBytes('', CP1252_TITLE)),
    '/cp1252-declaration': (_request, response) =>
      send(response, 'application/rss+xml', feedBytes('<?xml version="1.0" encoding="windows-1252"?>', CP1252_TITLE)),
    '/latin1-header': (_request, response) => send(response, 'text/xml; charset="ISO-8859-1"', feedBytes('', LATIN1_TITLE)),
    '/latin1-declaration': (_request, response) =>
      send(response, 'application/xml', feedBytes("<?xml version='1.0' encoding='ISO-8859-1' ?>", LATIN1_TITLE)),
    '/utf8-bom': (_request, response) =>
      send(response, 'application/rss+xml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`<?xml version="1.0"?><rss version="2.0"><channel><title>${CP1252_TEXT}</title></channel></rss>`)])),
    '/undeclared-latin1': (_request, response) => send(response, 'application/rss+xml', feedBytes('', LATIN1_TITLE)),
  });
});

afterAll(async () => {
  await server.close();
});

describe('charsets over HTTP', () => {
  it.each([
    ['/cp1252-header', CP1252_TEXT],
    ['/cp1252-declaration', CP1252_TEXT],
    ['/latin1-header', LATIN1_TEXT],
    ['/latin1-declaration', LATIN1_TEXT],
    ['/utf8-bom', CP1252_TEXT],
    ['/undeclared-latin1', LATIN1_TEXT],
  ])('decodes %s', async (path, title) => {
    const fetcher = createHttpFeedFetcher({ budgets: createMemoryRateBudgets(), allowPrivateAddresses: true });
    const result = await fetchAndParse(fetcher, server.url(path), NONE);
    if (result.kind !== 'parsed') throw new Error('expected a parsed feed');
    expect(result.feed.title).toBe(title);
    await fetcher.close();
  });
});

describe('decodeBody', () => {
  it('lets the header charset win over the XML declaration', () => {
    const body = Buffer.from(`<?xml version="1.0" encoding="ISO-8859-1"?><rss>${LATIN1_TEXT}</rss>`, 'utf8');
    expect(decodeBody(body, 'application/xml; charset=utf-8')).toEqual({ text: body.toString('utf8'), charset: 'utf-8' });
  });

  it('lets a byte-order mark win over a header that contradicts it', () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<rss>€</rss>')]);
    expect(decodeBody(body, 'text/xml; charset=iso-8859-1')).toEqual({ text: '<rss>€</rss>', charset: 'utf-8' });
  });

  it('skips a charset label the platform does not know', () => {
    const body = feedBytes('<?xml version="1.0" encoding="iso-8859-1"?>', LATIN1_TITLE);
    expect(decodeBody(body, 'text/xml; charset=x-made-up').text).toContain(LATIN1_TEXT);
  });

  it('reads UTF-16 with and without a BOM, and UTF-32', () => {
    const text = '<?xml version="1.0" encoding="utf-16"?><rss>Ünïcödé 📰</rss>';
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    expect(decodeBody(Buffer.concat([Buffer.from([0xff, 0xfe]), le]), null).text).toBe(text);
    expect(decodeBody(Buffer.concat([Buffer.from([0xfe, 0xff]), be]), null).text).toBe(text);
    expect(decodeBody(be, null)).toEqual({ text, charset: 'utf-16be' });
    expect(decodeBody(le, null)).toEqual({ text, charset: 'utf-16le' });

    const codePoints = [...'<rss>€📰</rss>'].map((char) => char.codePointAt(0) ?? 0);
    const utf32be = Buffer.alloc(codePoints.length * 4);
    codePoints.forEach((code, index) => utf32be.writeUInt32BE(code, index * 4));
    expect(decodeBody(utf32be, null)).toEqual({ text: '<rss>€📰</rss>', charset: 'utf-32be' });
    const utf32le = Buffer.alloc(4 + codePoints.length * 4);
    utf32le.writeUInt32LE(0xfeff, 0);
    codePoints.forEach((code, index) => utf32le.writeUInt32LE(code, 4 + index * 4));
    expect(decodeBody(utf32le, null).text).toBe('<rss>€📰</rss>');
  });

  it('ignores a declaration that claims UTF-16 for bytes that are plainly 8-bit', () => {
    expect(decodeBody(Buffer.from('<?xml version="1.0" encoding="UTF-16"?><rss>é</rss>'), null).text).toBe('<?xml version="1.0" encoding="UTF-16"?><rss>é</rss>');
  });

  it('reads the charset parameter of a Content-Type', () => {
    expect(charsetFromContentType('application/rss+xml; charset="Windows-1252"')).toBe('windows-1252');
    expect(charsetFromContentType('text/xml;charset=utf-8;format=flowed')).toBe('utf-8');
    expect(charsetFromContentType('application/rss+xml')).toBeNull();
  });
});
