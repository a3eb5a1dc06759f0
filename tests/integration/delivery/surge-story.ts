import { join } from 'node:path';
import { expect } from 'vitest';
import type { TestItem } from '../../support/feed-server.js';
import { offlineDefaults, openApp, tempDir, writeConfig, writeFeed } from './harness.js';

// One invented story released by five outlets two minutes apart, in simulated time: the same ship, strait, crew
// count and owner in each outlet's words, so story grouping joins them.

export const START = Date.parse('2025-05-06T09:00:00Z');
export const OUTLETS = ['Daily Ledger', 'Harbour Times', 'Coast Wire', 'Bay Post', 'Northern Courier'] as const;

/** The same wire story in each outlet's words: the same ship, strait, crew count and owner. */
const REWRITES: readonly [title: string, lead: string][] = [
  ['Patrol boats seize tanker Nordic Star in the Strait of Veln with 23 crew aboard', 'Armed patrol boats seized the tanker Nordic Star in the Strait of Veln on Tuesday with 23 crew aboard, its owner Marlow Shipping said.'],
  ['Tanker Nordic Star seized in Strait of Veln, Marlow Shipping says 23 crew held', 'Marlow Shipping said its tanker Nordic Star was seized by patrol boats in the Strait of Veln on Tuesday and its 23 crew held.'],
  ['Nordic Star tanker with 23 crew seized by patrol boats in Strait of Veln', 'Patrol boats boarded and seized the Nordic Star, a tanker owned by Marlow Shipping, in the Strait of Veln on Tuesday; 23 crew were aboard.'],
  ['Strait of Veln: tanker Nordic Star seized, 23 crew aboard, owner Marlow Shipping says', 'The tanker Nordic Star was seized in the Strait of Veln on Tuesday by armed patrol boats, owner Marlow Shipping said, with 23 crew aboard.'],
  ['Seizure of tanker Nordic Star in Strait of Veln: Marlow Shipping seeks release of 23 crew', 'Marlow Shipping called for the release of the 23 crew of its tanker Nordic Star, seized by patrol boats in the Strait of Veln on Tuesday.'],
];

function rewrite(index: number): TestItem {
  const [title, lead] = REWRITES[index] ?? ['', ''];
  return {
    guid: `nordic-star-${index}`,
    title,
    link: `https://news.example.org/outlet-${index}/nordic-star`,
    pubDate: new Date(START + index * 120_000).toUTCString(),
    html: `<p>${lead}</p><p>The company said it had lost contact with the ship shortly after noon.</p>`,
  };
}

/** The config after `released` outlets ran the story: every outlet a feed, the later ones still empty. */
function configAfter(dir: string, released: number, channels: Record<string, object>, surge?: object | string): string {
  const feeds = OUTLETS.map((name, index) => ({ url: writeFeed(dir, `outlet-${index}`, name, index < released ? [rewrite(index)] : []), id: `outlet-${index}`, name }));
  return writeConfig(dir, {
    defaults: offlineDefaults,
    feeds,
    channels,
    topics: [{ id: 'shipping', name: 'Shipping security', query: 'tanker OR seized OR strait', channels: Object.keys(channels), ...(surge ? { surge } : {}) }],
  });
}

/**
 * Releases the story outlet by outlet, two minutes apart, with `processes` fresh runs of newswatch per release
 * side by side (on one Redis when `env` names it; one SQLite file otherwise).
 */
export async function releaseStory(
  channels: Record<string, object>,
  env: NodeJS.ProcessEnv,
  surge?: object | string,
  processes = 1,
  /** How many outlets have run the story at each step; one more per step unless told. */
  steps: readonly number[] = [1, 2, 3, 4, 5],
): Promise<void> {
  const dir = tempDir();
  for (const [step, released] of steps.entries()) {
    const at = new Date(START + step * 120_000 + 30_000);
    const config = configAfter(dir, released, channels, surge);
    const apps = Array.from({ length: processes }, () => openApp(config, join(dir, 'data'), env, 'warn', { now: () => at }));
    try {
      const results = await Promise.all(apps.map(({ app }) => app.runOnce()));
      for (const result of results) expect(result.failed).toEqual([]);
    } finally {
      await Promise.all(apps.map(({ stop }) => stop()));
    }
  }
}
