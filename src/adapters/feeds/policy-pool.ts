import { Agent } from 'undici';
import { createGuardedLookup, type ResolveHost } from './guarded-lookup.js';

/** The address policy a pool is kept for: whether private addresses are allowed, and the trusted hosts. */
export interface PoolPolicy {
  allowPrivateAddresses: boolean;
  trustedHosts: readonly string[];
}

/** Connection pools, one per address policy in force, so a reused connection never outlives the policy it was opened under. */
export interface PolicyPool {
  /** The Agent for this policy, held until `release`; one fetch keeps one Agent for all its hops. */
  acquire(settings: PoolPolicy): { agent: Agent; release(): void };
  close(): Promise<void>;
}

interface PoolEntry {
  key: string;
  agent: Agent;
  users: number;
  retired: boolean;
}

/**
 * Keeps one undici Agent for the current address policy. When the policy changes (a reload), the next fetch gets
 * a fresh Agent whose lookup applies the new policy, and the old one closes once its fetches finish: pooled
 * keep-alive connections to a host the new policy refuses are never reused.
 */
export function createPolicyPool(resolveHost: ResolveHost, connectTimeoutMs: number): PolicyPool {
  let current: PoolEntry | null = null;
  const closing = new Set<Promise<void>>();
  const shut = (entry: PoolEntry): void => {
    const done = entry.agent.close().catch(() => undefined);
    closing.add(done);
    void done.finally(() => closing.delete(done));
  };
  const retire = (entry: PoolEntry): void => {
    entry.retired = true;
    if (entry.users === 0) shut(entry);
  };
  return {
    acquire(settings) {
      const trusted = settings.trustedHosts.map((host) => host.toLowerCase().replace(/^\[|\]$/g, ''));
      const key = JSON.stringify([settings.allowPrivateAddresses, [...trusted].sort()]);
      if (current?.key !== key) {
        if (current) retire(current);
        const lookup = createGuardedLookup(resolveHost, settings.allowPrivateAddresses, trusted);
        current = { key, agent: new Agent({ connect: { timeout: connectTimeoutMs, lookup } }), users: 0, retired: false };
      }
      const entry = current;
      entry.users += 1;
      let released = false;
      return {
        agent: entry.agent,
        release() {
          if (released) return;
          released = true;
          entry.users -= 1;
          if (entry.retired && entry.users === 0) shut(entry);
        },
      };
    },
    async close() {
      if (current) retire(current);
      current = null;
      await Promise.all([...closing]);
    },
  };
}
