import { settingInForce, type RuntimeSettings } from '../core/settings/runtime-settings.js';
import type { Clock } from '../ports/clock.js';
import type { StatePruning } from '../ports/state-store.js';

/** The cut-off times of one prune: state older than each is dropped. */
export interface PruneCutoffs {
  seen: string;
  articles: string;
  deliveries: string;
}

export interface Housekeeping {
  /** Drops state older than the retention in force (the YAML's `retention`); returns the cut-offs it used. */
  run(): Promise<PruneCutoffs>;
}

/** The daily prune. Retention is read per run, so a reloaded config applies to the next one. */
export function createHousekeeping(deps: { store: StatePruning; clock: Clock; settings: () => RuntimeSettings }): Housekeeping {
  return {
    async run() {
      const retention = settingInForce(deps.settings(), 'retention');
      const now = deps.clock.now().getTime();
      const before = (ms: number): string => new Date(now - ms).toISOString();
      const cutoffs = { seen: before(retention.seenMs), articles: before(retention.articlesMs), deliveries: before(retention.deliveriesMs) };
      await deps.store.prune(cutoffs);
      return cutoffs;
    },
  };
}
