import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { connectTestRedis } from './redis.js';

/** Long enough to outlast the longest heavy file; renewed while held, so it only lapses when a fork died. */
const HOLD_MS = 60_000;
const KEY = 'newswatch-test-lock:heavy-slot';

/**
 * The time limit of a test in a heavy scenario. Alone on two idle cores one takes up to about 20 s; beside the
 * other forks of the run, up to twice that. The limit only catches a hang: the scenario's checks are its own.
 */
export const HEAVY_TEST_TIMEOUT_MS = 60_000;

/** How long a heavy file may wait for the slot: the hook that takes it needs a timeout above this. */
export const HEAVY_SLOT_WAIT_MS = 240_000;

/**
 * Takes the run's one slot for a heavy multi-process scenario (several newswatch processes analysing hundreds of
 * articles), waiting while another file holds it. Each such scenario alone keeps both cores of a small machine
 * busy; two at once starve each other past their time limits, while beside the lighter files they only slow
 * down. The slot is a key in the run's Redis, so it spans the forks. Resolves with the release.
 */
export async function takeHeavySlot(): Promise<() => Promise<void>> {
  const redis = await connectTestRedis();
  const token = randomBytes(8).toString('hex');
  const deadline = Date.now() + HEAVY_SLOT_WAIT_MS;
  while ((await redis.set(KEY, token, 'PX', HOLD_MS, 'NX')) !== 'OK') {
    if (Date.now() > deadline) {
      redis.disconnect();
      throw new Error(`timed out waiting for the heavy-scenario slot (held by another test file) after ${HEAVY_SLOT_WAIT_MS} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const renew = setInterval(() => void redis.pexpire(KEY, HOLD_MS).catch(() => undefined), HOLD_MS / 3);
  renew.unref();
  return async () => {
    clearInterval(renew);
    // Deletes the key only while it is still this holder's.
    await redis.eval("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0", 1, KEY, token);
    redis.disconnect();
  };
}

/**
 * Holds the heavy-scenario slot for the whole of the calling `describe` block: taken before its first test,
 * released after its last. Call it first in the block, before the block's own hooks.
 */
export function holdHeavySlotDuringSuite(): void {
  let release: (() => Promise<void>) | null = null;
  beforeAll(async () => {
    release = await takeHeavySlot();
  }, HEAVY_SLOT_WAIT_MS + 10_000);
  afterAll(async () => {
    await release?.();
  });
}
