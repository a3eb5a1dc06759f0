import { afterEach, beforeEach } from 'vitest';
import type { StateStore } from '../../src/ports/state-store.js';

/**
 * Makes a fresh, empty store, and `twin`, a second instance over the same data as another process would open it;
 * `dispose` closes both and removes everything they wrote. A small store's contract takes the factory typed to
 * the store it checks, so it can reach no other method.
 */
export type StoreFactory<S> = () => Promise<{ store: S; twin: S; dispose: () => Promise<void> }>;

export type StateStoreFactory = StoreFactory<StateStore>;

/** The factory for a store whose `reopen` opens a second instance (as the Redis store factory gives). */
export function withTwin<S>(factory: () => Promise<{ store: S; reopen: () => Promise<S>; dispose: () => Promise<void> }>): StoreFactory<S> {
  return async () => {
    const { store, reopen, dispose } = await factory();
    return { store, twin: await reopen(), dispose };
  };
}

/** A fresh pair of stores for each test of the calling `describe`, disposed after it. */
export function useStores<S>(factory: StoreFactory<S>): () => { store: S; twin: S } {
  let current: { store: S; twin: S } | null = null;
  let dispose: (() => Promise<void>) | null = null;
  beforeEach(async () => {
    const made = await factory();
    current = { store: made.store, twin: made.twin };
    dispose = made.dispose;
  });
  afterEach(async () => {
    await dispose?.();
    current = null;
    dispose = null;
  });
  return () => {
    if (!current) throw new Error('stores are made for each test');
    return current;
  };
}

export const T0 = '2024-05-01T10:00:00.000Z';
/** `minutes` after T0, as an ISO timestamp. */
export const at = (minutes: number): string => new Date(Date.parse(T0) + minutes * 60_000).toISOString();
export const keysOf = (articles: readonly { key: string }[]): string[] => articles.map((article) => article.key);
