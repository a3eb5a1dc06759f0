import { describe, expect, it } from 'vitest';
import type { TopicDefinition } from '../../../../src/core/topics/topic-definition.js';
import { compileTopics, matchTopics } from '../../../../src/core/topics/topic-index.js';

interface Doc {
  title: string;
  paragraphs: string[];
}

/** Whether a lone topic matches, with relevance out of the way (minScore 0) unless the topic sets one. */
function matches(query: string, doc: Doc, options: Partial<TopicDefinition> = {}): boolean {
  const index = compileTopics([{ id: 't', name: 'T', query, minScore: 0, ...options }]);
  return matchTopics(index, doc).length === 1;
}

function only(query: string, doc: Doc, options: Partial<TopicDefinition> = {}) {
  const [match] = matchTopics(compileTopics([{ id: 't', name: 'T', query, minScore: 0, ...options }]), doc);
  if (match === undefined) throw new Error(`"${query}" did not match`);
  return match;
}

const body = (...paragraphs: string[]): Doc => ({ title: '', paragraphs });

describe('matchTopics: words', () => {
  it('matches whole words only, whatever their case', () => {
    expect(matches('iran', body('Officials in IRAN said so.'))).toBe(true);
    expect(matches('iran', body('Iranian officials said so.'))).toBe(false);
    expect(matches('ran', body('Iran said so.'))).toBe(false);
  });

  it('matches beginnings of words with a prefix', () => {
    expect(matches('iran*', body('Iranian officials said so.'))).toBe(true);
    expect(matches('iran*', body('The Iranians said so.'))).toBe(true);
    expect(matches('iran*', body('Iraq said so.'))).toBe(false);
  });

  it('matches possessives as the word itself', () => {
    expect(matches('iran', body('Iran’s foreign minister spoke.'))).toBe(true);
  });

  it('folds accents on both sides', () => {
    expect(matches('Téhéran', body('Officials in Teheran said so.'))).toBe(true);
    expect(matches('teheran', body('Des responsables à Téhéran ont dit.'))).toBe(true);
    expect(matches('"sao paulo"', body('Protests in São Paulo grew.'))).toBe(true);
  });

  it('matches a compound however it is written', () => {
    const hyphen = body('A cyber-attack hit the port.');
    const solid = body('A cyberattack hit the port.');
    const spaced = body('A cyber attack hit the port.');
    expect([hyphen, solid, spaced].map((doc) => matches('cyber-attack', doc))).toEqual([true, true, true]);
    expect([hyphen, solid, spaced].map((doc) => matches('cyberattack', doc))).toEqual([true, true, false]);
    expect([hyphen, solid, spaced].map((doc) => matches('"cyber attack"', doc))).toEqual([true, false, true]);
    expect(matches('cyber*', hyphen)).toBe(true);
    expect(matches('attack', hyphen)).toBe(true);
  });

  it('matches dotted acronyms written either way', () => {
    expect(matches('US', body('The U.S. Treasury acted.'))).toBe(true);
    expect(matches('U.S.', body('The US Treasury acted.'))).toBe(true);
  });
});

describe('matchTopics: stemming', () => {
  const doc = body('Washington sanctioned three banks on Monday.');

  it('lets inflections match each other by default', () => {
    expect(matches('sanctions', doc)).toBe(true);
    expect(matches('sanction', body('New sanctions are coming.'))).toBe(true);
    expect(matches('sanctioning', body('The sanction was lifted.'))).toBe(true);
  });

  it('can be turned off per topic', () => {
    expect(matches('sanctions', doc, { stemming: false })).toBe(false);
    expect(matches('sanctioned', doc, { stemming: false })).toBe(true);
  });

  it('applies inside phrases', () => {
    expect(matches('"new sanction"', body('It announced new sanctions.'))).toBe(true);
    expect(matches('"new sanction"', body('It announced new sanctions.'), { stemming: false })).toBe(false);
  });

  it('does not join a name and its demonym', () => {
    expect(matches('iran', body('Iranian hackers struck.'))).toBe(false);
  });
});

describe('matchTopics: phrases and NEAR', () => {
  it('needs phrase words adjacent, in order, within one sentence', () => {
    expect(matches('"strait of hormuz"', body('Ships crossed the Strait of Hormuz.'))).toBe(true);
    expect(matches('"strait of hormuz"', body('Hormuz, the strait of fear.'))).toBe(false);
    expect(matches('"iran cyber"', body('It blamed Iran. Cyber experts agreed.'))).toBe(false);
  });

  it('matches NEAR within the distance in either order', () => {
    const doc = body('Iran has long been accused of running cyber operations.');
    // iran is word 0 and cyber word 7: seven apart, six words between.
    expect(matches('iran NEAR/7 cyber*', doc)).toBe(true);
    expect(matches('cyber* NEAR/7 iran', doc)).toBe(true);
    expect(matches('iran NEAR/6 cyber*', doc)).toBe(false);
  });

  it('does not pair words across paragraphs', () => {
    expect(matches('iran NEAR/5 cyber', body('Talks with Iran.', 'Cyber experts agreed.'))).toBe(false);
  });

  it('takes phrases and OR groups on either side', () => {
    const doc = body('Tehran denied any role in the cyber attack on the refinery.');
    expect(matches('(iran OR tehran) NEAR/8 "cyber attack"', doc)).toBe(true);
    expect(matches('(iran OR tehran) NEAR/3 "cyber attack"', doc)).toBe(false);
  });
});

describe('matchTopics: boolean operators and fields', () => {
  const doc: Doc = { title: 'Iran denies cyber attack', paragraphs: ['Officials in Tehran said no damage was done.'] };

  it('applies AND, implicit AND, OR and NOT', () => {
    expect(matches('iran AND tehran', doc)).toBe(true);
    expect(matches('iran tehran', doc)).toBe(true);
    expect(matches('iran baghdad', doc)).toBe(false);
    expect(matches('baghdad OR tehran', doc)).toBe(true);
    expect(matches('iran NOT tehran', doc)).toBe(false);
    expect(matches('iran -baghdad', doc)).toBe(true);
  });

  it('scopes to the title or the body', () => {
    expect(matches('title:iran', doc)).toBe(true);
    expect(matches('title:tehran', doc)).toBe(false);
    expect(matches('body:tehran', doc)).toBe(true);
    expect(matches('body:iran', doc)).toBe(false);
    expect(matches('title:"cyber attack"', doc)).toBe(true);
    expect(matches('title:(baghdad OR denies)', doc)).toBe(true);
  });

  it('evaluates a query of only NOT for every article, scoring 1 with no terms', () => {
    const index = compileTopics([{ id: 'not-sport', name: 'No sport', query: 'NOT (football OR tennis)' }]);
    expect(matchTopics(index, doc)).toEqual([{ topic: 'not-sport', score: 1, terms: [], evidence: [] }]);
    expect(matchTopics(index, body('Football results.'))).toEqual([]);
  });
});

describe('matchTopics: aliases', () => {
  const aliases = [['UAE', 'United Arab Emirates', 'Emirates']];

  it('lets any member match any other, multi-word members as phrases', () => {
    expect(matches('UAE', body('Talks in the United Arab Emirates.'), { aliases })).toBe(true);
    expect(matches('"united arab emirates"', body('Talks in the UAE.'), { aliases })).toBe(true);
    expect(matches('emirates', body('Talks in the U.A.E.'), { aliases })).toBe(true);
    expect(matches('UAE', body('An Arab summit opened.'), { aliases })).toBe(false);
    expect(matches('UAE', body('Talks in the United Arab Emirates.'))).toBe(false);
  });

  it('reports the term as written in the query', () => {
    expect(only('UAE', body('Talks in the United Arab Emirates.'), { aliases }).terms).toEqual(['UAE']);
  });

  it('follows the topic stemming', () => {
    const aliases = [['drone strike', 'UAV attack']];
    const doc = body('Two UAV attacks were reported.');
    expect(matches('"drone strike"', doc, { aliases })).toBe(true);
    expect(matches('"drone strike"', doc, { aliases, stemming: false })).toBe(false);
  });
});

describe('matchTopics: what a match reports', () => {
  const doc: Doc = {
    title: 'Iran denies US cyber-attack',
    paragraphs: [
      'Iran denied on Monday that it was hit by a US cyber-attack.',
      'The weather in Tehran was mild.',
      'Analysts said Iran has faced cyber sabotage before, such as Stuxnet.',
      'Iran exports oil.',
    ],
  };

  it('lists the terms that occurred, as written, in query order', () => {
    const match = only('(Tehran OR iran* OR baghdad) AND cyber* -football', doc);
    expect(match.terms).toEqual(['Tehran', 'iran*', 'cyber*']);
  });

  it('gives at most three evidence sentences, most relevant first, without the title', () => {
    const match = only('iran AND cyber*', doc);
    expect(match.evidence).toEqual([
      'Iran denied on Monday that it was hit by a US cyber-attack.',
      'Analysts said Iran has faced cyber sabotage before, such as Stuxnet.',
      'Iran exports oil.',
    ]);
  });

  it('falls back to the title when only the title holds the terms', () => {
    expect(only('denies', doc, { stemming: false }).evidence).toEqual(['Iran denies US cyber-attack']);
  });

  it('sorts matches by score, best first', () => {
    const index = compileTopics([
      { id: 'weather', name: 'Weather', query: 'weather', minScore: 0 },
      { id: 'iran', name: 'Iran', query: 'iran', minScore: 0 },
      { id: 'none', name: 'None', query: 'football', minScore: 0 },
    ]);
    const found = matchTopics(index, doc);
    expect(found.map((match) => match.topic)).toEqual(['iran', 'weather']);
    expect(found[0]?.score).toBeGreaterThan(found[1]?.score ?? 1);
  });
});
