import { createHmac, timingSafeEqual } from 'node:crypto';

/** The digests the WebSub Recommendation (section 7) names for `X-Hub-Signature`. */
export const SIGNATURE_METHODS = ['sha1', 'sha256', 'sha384', 'sha512'] as const;
export type SignatureMethod = (typeof SIGNATURE_METHODS)[number];

/** How a delivery's signature checked out: `valid`, `missing` (no header), or `invalid` (malformed, unknown method, wrong). */
export type SignatureCheck = 'valid' | 'missing' | 'invalid';

/**
 * Checks `X-Hub-Signature: method=hex` against the HMAC of the exact body bytes under the subscription's secret,
 * in constant time. Any of the four methods is taken; anything else, or a digest of the wrong length, is invalid.
 */
export function checkHubSignature(header: string | null, body: Uint8Array, secret: string): SignatureCheck {
  if (header === null || header.trim() === '') return 'missing';
  const match = /^\s*([a-z0-9]+)=([0-9a-f]+)\s*$/i.exec(header);
  const method = match?.[1]?.toLowerCase();
  if (!match || !SIGNATURE_METHODS.includes(method as SignatureMethod)) return 'invalid';
  const expected = createHmac(method as SignatureMethod, secret).update(body).digest();
  const given = Buffer.from((match[2] ?? '').toLowerCase(), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected) ? 'valid' : 'invalid';
}
