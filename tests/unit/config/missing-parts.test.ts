import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../src/compose/load-config.js';
import { findMissingParts } from '../../../src/config/load-config.js';

const countsOf = (text: string) => {
  const config = parseConfigText(text, 'newswatch.yaml', {});
  return { feeds: config.feeds.length, topics: config.topics.length };
};

describe('findMissingParts', () => {
  it('calls an empty file what it is and says what to add', () => {
    expect(findMissingParts(countsOf(''))).toEqual([
      'no feeds and no topics (is the file empty?); add a feeds: list of feed URLs and a topics: list, as config/newswatch.yaml does',
    ]);
  });

  it('names the missing feeds of a file that only has topics', () => {
    const missing = findMissingParts(countsOf('topics:\n  - id: t\n    name: T\n    query: iran\n    channels: [console]\n'));
    expect(missing).toEqual(['no feeds, so nothing is polled; add a feeds: list with at least one url']);
  });

  it('names the missing topics of a file that only has feeds', () => {
    const missing = findMissingParts(countsOf('feeds:\n  - url: https://example.com/rss\n'));
    expect(missing).toEqual(['no topics, so nothing can alert; add a topics: list with at least one id, name, query and channels']);
  });

  it('finds nothing missing in a config with feeds and topics', () => {
    expect(findMissingParts(countsOf('feeds:\n  - url: https://example.com/rss\ntopics:\n  - id: t\n    name: T\n    query: iran\n    channels: [console]\n'))).toEqual([]);
  });
});
