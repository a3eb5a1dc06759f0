/** A body decoded to text, with the name of the encoding that was used. */
export interface DecodedBody {
  text: string;
  charset: string;
}

type Utf32 = 'utf-32le' | 'utf-32be';

/**
 * Decodes feed bytes to text. A byte-order mark wins (it cannot be wrong about its own bytes); then the charset
 * of the Content-Type header; then UTF-16/32 recognised from how "<?" is laid out; then the XML declaration's
 * encoding; then UTF-8, falling back to windows-1252 when the bytes are not valid UTF-8 (undeclared Latin-1 is
 * the usual reason). Labels the platform does not know are skipped rather than trusted.
 */
export function decodeBody(bytes: Uint8Array, contentType: string | null): DecodedBody {
  const bom = detectBom(bytes);
  if (bom !== null) return decodeAs(bom, bytes);

  const fromHeader = contentType === null ? null : charsetFromContentType(contentType);
  if (fromHeader !== null && isKnownLabel(fromHeader)) return decodeAs(fromHeader, bytes);

  const wide = detectWideLayout(bytes);
  if (wide !== null) return decodeAs(wide, bytes);

  const declared = declaredEncoding(bytes);
  // a declaration readable as ASCII cannot truthfully say UTF-16 or UTF-32
  if (declared !== null && !/^(utf-?16|utf-?32|ucs-?2|ucs-?4|unicode)/i.test(declared) && isKnownLabel(declared)) {
    return decodeAs(declared, bytes);
  }

  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), charset: 'utf-8' };
  } catch {
    return decodeAs('windows-1252', bytes);
  }
}

/** The charset parameter of a Content-Type header value, lower-cased, or null. */
export function charsetFromContentType(contentType: string): string | null {
  const match = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType);
  const value = (match?.[1] ?? match?.[2] ?? '').trim().toLowerCase();
  return value === '' ? null : value;
}

function detectBom(bytes: Uint8Array): string | null {
  const [b0, b1, b2, b3] = [bytes[0], bytes[1], bytes[2], bytes[3]];
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return 'utf-8';
  if (b0 === 0x00 && b1 === 0x00 && b2 === 0xfe && b3 === 0xff) return 'utf-32be';
  if (b0 === 0xff && b1 === 0xfe && b2 === 0x00 && b3 === 0x00) return 'utf-32le';
  if (b0 === 0xfe && b1 === 0xff) return 'utf-16be';
  if (b0 === 0xff && b1 === 0xfe) return 'utf-16le';
  return null;
}

/** XML 1.0 Appendix F: without a BOM, the layout of the first "<" or "<?" gives the code-unit width. */
function detectWideLayout(bytes: Uint8Array): string | null {
  const head = Array.from(bytes.subarray(0, 4)).join(',');
  if (head === '0,0,0,60') return 'utf-32be';
  if (head === '60,0,0,0') return 'utf-32le';
  if (head.startsWith('0,60,')) return 'utf-16be';
  if (head.startsWith('60,0,')) return 'utf-16le';
  return null;
}

function declaredEncoding(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024)).toString('latin1');
  const match = /<\?xml\s[^>]*?encoding\s*=\s*["']\s*([A-Za-z0-9._:-]+)\s*["']/.exec(head);
  return match?.[1]?.toLowerCase() ?? null;
}

function isKnownLabel(label: string): boolean {
  if (toUtf32(label) !== null) return true;
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}

function toUtf32(label: string): Utf32 | null {
  const normal = label.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (normal === 'utf32be' || normal === 'ucs4be') return 'utf-32be';
  if (normal === 'utf32' || normal === 'utf32le' || normal === 'ucs4' || normal === 'ucs4le') return 'utf-32le';
  return null;
}

function decodeAs(label: string, bytes: Uint8Array): DecodedBody {
  const utf32 = toUtf32(label);
  if (utf32 !== null) return { text: decodeUtf32(bytes, utf32), charset: utf32 };
  const decoder = new TextDecoder(label);
  if (decoder.encoding === 'windows-1252') return { text: decodeWindows1252(bytes), charset: 'windows-1252' };
  return { text: decoder.decode(bytes), charset: decoder.encoding };
}

/** WHATWG index-windows-1252 for 0x80–0x9F; the five unassigned bytes stay C1 controls. */
const WINDOWS_1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/**
 * Node 20.18.3 and later decode the windows-1252 family (which includes every "iso-8859-1" and "latin1" label) as
 * plain Latin-1, so curly quotes, dashes and the euro sign become C1 controls (nodejs/node#60888). Latin-1 plus
 * the 32-entry table is the whole encoding, so it is done here.
 */
function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin1.replace(/[\x80-\x9f]/g, (char) => String.fromCharCode(WINDOWS_1252_HIGH[char.charCodeAt(0) - 0x80] ?? char.charCodeAt(0)));
}

/** UTF-32 is outside the WHATWG encodings TextDecoder knows, and simple enough to decode here. */
function decodeUtf32(bytes: Uint8Array, order: Utf32): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const littleEndian = order === 'utf-32le';
  const parts: string[] = [];
  let codes: number[] = [];
  for (let offset = 0; offset + 4 <= bytes.byteLength; offset += 4) {
    const code = view.getUint32(offset, littleEndian);
    if (offset === 0 && code === 0xfeff) continue;
    codes.push(code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? code : 0xfffd);
    if (codes.length === 8192) {
      parts.push(String.fromCodePoint(...codes));
      codes = [];
    }
  }
  if (bytes.byteLength % 4 !== 0) codes.push(0xfffd);
  parts.push(String.fromCodePoint(...codes));
  return parts.join('');
}
