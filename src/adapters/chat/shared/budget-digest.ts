import { createHash } from 'node:crypto';

/**
 * A short digest of a secret (a bot token, a webhook URL), so budgets of one workspace, bot or webhook share a key
 * without the secret ever being written to Redis.
 */
export function budgetDigest(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url').slice(0, 16);
}
