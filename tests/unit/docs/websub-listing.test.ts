import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { websubListingExample } from '../../../scripts/docs/websub-listing.js';

describe('docs/websub.md', () => {
  it('shows the `newswatch feeds` push lines the code prints (refresh with `tsx scripts/docs/websub-listing.ts`)', () => {
    const page = readFileSync(new URL('../../../docs/websub.md', import.meta.url), 'utf8');
    const block = /<!-- listing: scripts\/docs\/websub-listing\.ts -->\n```\n([\s\S]*?)```/.exec(page);
    expect(block?.[1]).toBe(websubListingExample());
  });
});
