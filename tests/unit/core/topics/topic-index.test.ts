import { describe, expect, it } from 'vitest';
import { CodedError } from '../../../../src/core/errors.js';
import { QueryParseError } from '../../../../src/core/topics/parse-query.js';
import type { TopicDefinition } from '../../../../src/core/topics/topic-definition.js';
import { compileTopics, matchTopics, selectCandidates } from '../../../../src/core/topics/topic-index.js';

const DOCS = [
  {
    title: 'Iran denies cyber-attack on oil terminals',
    paragraphs: [
      'Tehran said on Monday that hackers had failed to breach the networks of its oil terminals in the Gulf.',
      'Officials blamed the United States and said new sanctions would not stop exports. Tankers kept loading.',
      'The Strait of Hormuz carries a fifth of the world’s oil, analysts noted.',
    ],
  },
  {
    title: 'Ransomware gang leaks hospital records',
    paragraphs: [
      'A ransomware group published patient files stolen from a regional hospital after it refused to pay.',
      'The hospital said its systems were restored from backups. Police are investigating the breach.',
    ],
  },
  {
    title: 'Council approves road budget',
    paragraphs: ['The city council approved new spending on roads. Work starts in spring.', 'Cyclists want lanes.'],
  },
  { title: '', paragraphs: ['Sanctioned banks in Téhéran froze accounts; the embargo widened.'] },
];

const WORDS = [
  'iran', 'tehran', 'cyber', 'attack', 'hackers', 'hacker', 'breach', 'oil', 'terminals', 'gulf', 'sanction',
  'sanctions', 'tankers', 'hormuz', 'strait', 'ransomware', 'leak', 'hospital', 'records', 'stolen', 'police',
  'council', 'roads', 'budget', 'lanes', 'embargo', 'banks', 'teheran', 'cyberattack', 'united', 'states',
  'football', 'tennis', 'volcano', 'quantum', 'giraffe', 'monday', 'exports', 'backups', 'spring',
];
const PHRASES = [
  'strait of hormuz', 'united states', 'oil terminals', 'new sanctions', 'cyber attack', 'regional hospital', 'red sea',
];
const PREFIXES = ['iran', 'cyber', 'hack', 'sanct', 'hosp', 'volc', 'tank'];

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Random topics using every construct of the language, over words that do and do not occur in DOCS. */
function generateTopics(count: number, seed: number): TopicDefinition[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const leaf = (): string => {
    const roll = next();
    const field = next() < 0.15 ? pick(['title:', 'body:']) : '';
    if (roll < 0.55) return field + pick(WORDS);
    if (roll < 0.75) return `${field}"${pick(PHRASES)}"`;
    return `${field}${pick(PREFIXES)}*`;
  };
  const positional = (): string => (next() < 0.7 ? leaf() : `(${leaf()} OR ${leaf()})`);
  const query = (depth: number): string => {
    const roll = next();
    if (depth === 0 || roll < 0.3) return leaf();
    if (roll < 0.5) return `(${query(depth - 1)} OR ${query(depth - 1)})`;
    if (roll < 0.7) return `(${query(depth - 1)} ${query(depth - 1)})`;
    if (roll < 0.8) return `${positional()} NEAR/${1 + Math.floor(next() * 8)} ${positional()}`;
    if (roll < 0.9) return `(${query(depth - 1)} -${leaf()})`;
    return `NOT ${leaf()}`;
  };
  return Array.from({ length: count }, (_, number) => ({
    id: `t${number}`,
    name: `Topic ${number}`,
    query: query(3),
    stemming: next() < 0.7,
    minScore: next() < 0.5 ? 0 : 0.45,
    aliases: next() < 0.2 ? [['United States', 'US', 'Washington'], ['tanker', 'oil ship']] : [],
  }));
}

describe('compileTopics', () => {
  it('names the topic whose query cannot be read', () => {
    const topics = [
      { id: 'fine', name: 'Fine', query: 'iran' },
      { id: 'broken', name: 'Broken', query: 'iran AND (cyber' },
    ];
    expect(() => compileTopics(topics)).toThrow(QueryParseError);
    try {
      compileTopics(topics);
    } catch (error) {
      const parseError = error as QueryParseError;
      expect(parseError.topicId).toBe('broken');
      expect(parseError.code).toBe('query_invalid');
      expect(parseError.position).toBe(15);
      const [line] = parseError.message.split('\n');
      expect(line).toBe('topic "broken": query: expected ")" at column 16: iran AND (cyber');
    }
  });

  it.each([
    [[{ id: 'a', name: 'A', query: 'x' }, { id: 'a', name: 'B', query: 'y' }], 'duplicate topic id "a"'],
    [[{ id: 'a', name: 'A', query: 'x', minScore: 1.5 }], 'topic "a": minScore must be between 0 and 1, got 1.5'],
    [[{ id: 'a', name: 'A', query: 'x', minScore: -0.1 }], 'topic "a": minScore must be between 0 and 1, got -0.1'],
    [[{ id: 'a', name: 'A', query: 'x', aliases: [['UAE', '--']] }], 'topic "a": alias "--" has no letters or digits'],
  ])('rejects invalid topics with config_invalid (%#)', (topics, message) => {
    expect(() => compileTopics(topics)).toThrow(message);
    expect(() => compileTopics(topics)).toThrow(CodedError);
  });
});

describe('candidate pre-selection', () => {
  it('gives the same matches as evaluating every topic, on generated topics', () => {
    for (const seed of [1, 2, 3]) {
      const index = compileTopics(generateTopics(400, seed));
      for (const doc of DOCS) {
        const selected = matchTopics(index, doc);
        expect(selected).toEqual(matchTopics(index, doc, { exhaustive: true }));
      }
    }
  });

  it('finds matches for a good share of generated topics, so the comparison means something', () => {
    const index = compileTopics(generateTopics(400, 1));
    const matched = new Set(DOCS.flatMap((doc) => matchTopics(index, doc).map((match) => match.topic)));
    expect(matched.size).toBeGreaterThan(100);
  });

  it('evaluates only topics an article can match, plus those of only NOT', () => {
    const index = compileTopics([
      { id: 'iran', name: 'Iran', query: 'iran AND cyber*' },
      { id: 'volcano', name: 'Volcanoes', query: 'volcano OR "lava flow"' },
      { id: 'prefix', name: 'Prefix', query: 'hosp* NEAR/3 records' },
      { id: 'stem', name: 'Stem', query: 'sanctioning' },
      { id: 'exact', name: 'Exact', query: 'sanctioning', stemming: false },
      { id: 'alias', name: 'Alias', query: 'USA', aliases: [['USA', 'United States']] },
      { id: 'not-sport', name: 'No sport', query: '-football' },
      // Each side of an AND is a pass of its own: "hospital" alone does not make this a candidate.
      { id: 'both-sides', name: 'Both', query: 'hospital AND (volcano OR lava)' },
    ]);
    const [first] = DOCS;
    if (first === undefined) throw new Error('no doc');
    expect(selectCandidates(index, first).sort()).toEqual(['alias', 'iran', 'not-sport', 'stem']);
    expect(selectCandidates(index, DOCS[1] ?? first).sort()).toEqual(['not-sport', 'prefix']);
  });

  it('keeps the candidate count near the number of topics the article concerns as topics grow', () => {
    const names = (count: number): TopicDefinition[] =>
      Array.from({ length: count }, (_, number) => ({
        id: `n${number}`,
        name: `Entity ${number}`,
        query: `entity${number} OR "brand${number} group"`,
      }));
    const [doc] = DOCS;
    if (doc === undefined) throw new Error('no doc');
    const small = compileTopics([...names(100), { id: 'iran', name: 'Iran', query: 'iran' }]);
    const large = compileTopics([...names(10_000), { id: 'iran', name: 'Iran', query: 'iran' }]);
    expect(selectCandidates(small, doc)).toEqual(['iran']);
    expect(selectCandidates(large, doc)).toEqual(['iran']);
  });
});
