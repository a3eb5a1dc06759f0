import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkHubSignature } from '../../../../src/core/websub/verify-signature.js';

const secret = 'b'.repeat(64);
const body = Buffer.from('<rss><channel><title>Wire</title></channel></rss>');
const sign = (method: string, key = secret, bytes: Uint8Array = body): string => `${method}=${createHmac(method, key).update(bytes).digest('hex')}`;

describe('checkHubSignature', () => {
  it.each(['sha1', 'sha256', 'sha384', 'sha512'])('takes %s over the exact bytes', (method) => {
    expect(checkHubSignature(sign(method), body, secret)).toBe('valid');
    expect(checkHubSignature(sign(method).toUpperCase().replace(/^SHA/, 'sha'), body, secret)).toBe('valid');
  });

  it('tells a missing signature from a wrong one', () => {
    expect(checkHubSignature(null, body, secret)).toBe('missing');
    expect(checkHubSignature('  ', body, secret)).toBe('missing');
    expect(checkHubSignature(sign('sha256', 'another secret'), body, secret)).toBe('invalid');
    expect(checkHubSignature(sign('sha256', secret, Buffer.concat([body, Buffer.from(' ')])), body, secret)).toBe('invalid');
  });

  it('refuses other methods, malformed values and digests of the wrong length', () => {
    expect(checkHubSignature(sign('md5'), body, secret)).toBe('invalid');
    expect(checkHubSignature('sha256', body, secret)).toBe('invalid');
    expect(checkHubSignature('sha256=xyz', body, secret)).toBe('invalid');
    expect(checkHubSignature(sign('sha256').slice(0, -2), body, secret)).toBe('invalid');
    expect(checkHubSignature(sign('sha1').replace('sha1=', 'sha256='), body, secret)).toBe('invalid');
  });
});
