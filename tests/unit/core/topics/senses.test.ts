import { describe, expect, it } from 'vitest';
import { parseQuery, QueryParseError } from '../../../../src/core/topics/parse-query.js';
import type { TopicDefinition } from '../../../../src/core/topics/topic-definition.js';
import { compileTopics, matchTopics } from '../../../../src/core/topics/topic-index.js';

function match(query: string, doc: { title: string; paragraphs: string[] }, fields: Partial<TopicDefinition> = {}) {
  return matchTopics(compileTopics([{ id: 't', name: 'T', query, minScore: 0, ...fields }]), doc)[0];
}

const body = (...paragraphs: string[]) => ({ title: '', paragraphs });

describe('NOT NEAR: a word in the wrong sense', () => {
  it('parses as a positional operator, and leaves "a NOT b" an AND NOT', () => {
    expect(parseQuery('fine NOT NEAR/4 court')).toMatchObject({ kind: 'notnear', distance: 4 });
    expect(parseQuery('fine NOT NEAR court')).toMatchObject({ kind: 'notnear', distance: 10 });
    expect(parseQuery('fine NOT court')).toMatchObject({ kind: 'and' });
    expect(() => parseQuery('fine NOT NEAR/4 (court AND judge)')).toThrow(QueryParseError);
  });

  it('drops the occurrences that have the context word nearby and keeps the others', () => {
    const courtOnly = body('The judge fined the lawyers for the late filing.');
    expect(match('fined NOT NEAR/5 (judge OR court)', courtOnly)).toBeUndefined();
    const both = body('The judge fined the lawyers.', 'The regulator later fined the bank for breaking export rules.');
    const found = match('fined NOT NEAR/5 (judge OR court)', both);
    expect(found?.evidence).toEqual(['The regulator later fined the bank for breaking export rules.']);
  });

  it('reports only the left side as matched terms', () => {
    const found = match('(fined NOT NEAR/3 judge) NEAR/6 bank', body('The regulator fined the bank.'));
    expect(found?.terms).toEqual(['fined', 'bank']);
  });
});

describe('@country', () => {
  it('stands for country names, demonyms and capitals', () => {
    for (const text of ['Canada imposed the measures.', 'Norwegian officials imposed the measures.', 'Nairobi imposed the measures.']) {
      expect(match('@country NEAR/3 imposed', body(text))?.terms).toEqual(['@country', 'imposed']);
    }
    expect(match('@country NEAR/3 imposed', body('The committee imposed the measures.'))).toBeUndefined();
  });

  it('shows the word that occurred, not the list name, among the strongest terms', () => {
    const found = match('@country NEAR/3 imposed', body('Canada imposed the measures, and Norwegian officials imposed more.'));
    expect(found?.terms).toEqual(['@country', 'imposed']);
    expect(found?.strongest).toEqual(expect.arrayContaining(['Canada', 'Norwegian', 'imposed']));
    expect(found?.strongest).not.toContain('@country');
  });

  it('refuses an unknown list name', () => {
    expect(() => parseQuery('@planets')).toThrow(QueryParseError);
  });
});

describe('prefix terms and personal names', () => {
  it('does not take a surname after al-, bin or abu for the word the prefix means', () => {
    expect(match('norw*', body('The envoy Yusuf al-Norwegian spoke on Tuesday.'))).toBeUndefined();
    expect(match('norw*', body('A Norwegian envoy spoke on Tuesday.'))).toBeDefined();
  });

  it('still matches the name when the query writes the whole word', () => {
    expect(match('norwegian', body('The envoy Yusuf al-Norwegian spoke on Tuesday.'))).toBeDefined();
  });
});

describe('substance', () => {
  const filler = (count: number) => Array.from({ length: count }, (_, i) => `The council discussed item number ${i + 1} of the agenda at length.`);

  it('needs the headline, the lead or two sentences when the topic has a threshold', () => {
    const once = { title: 'Council meets', paragraphs: [...filler(3), 'One speaker mentioned the embargo.', ...filler(3)] };
    const twice = {
      title: 'Council meets',
      paragraphs: [...filler(2), 'One speaker mentioned the embargo.', 'Another asked how long the embargo would last.', ...filler(3)],
    };
    expect(match('embargo', once, { minScore: 0.3 })).toBeUndefined();
    expect(match('embargo', twice, { minScore: 0.3 })).toBeDefined();
    expect(match('embargo', once, { minScore: 0 })).toBeDefined();
  });

  it('takes the lead from the first paragraph of prose, past a date line', () => {
    const doc = { title: 'Council meets', paragraphs: ['June 3, 2024', 'The council approved an embargo on the supplier on Monday.', ...filler(6)] };
    expect(match('embargo', doc, { minScore: 0.45 })).toBeDefined();
  });
});

describe('strongest terms', () => {
  it('orders the matched terms by their evidence, the title first', () => {
    const doc = { title: 'Tanker seized', paragraphs: ['Officials spoke about the drone late on Monday.', 'Nothing else happened.'] };
    const found = match('drone OR tanker', doc);
    expect(found?.terms).toEqual(['drone', 'tanker']);
    expect(found?.strongest).toEqual(['tanker', 'drone']);
  });
});

describe('headline and lead', () => {
  it('pair a headline word with a lead word for NEAR, at any distance, but not with a later sentence', () => {
    const filler = 'The rest of the report covers the quarterly figures of the company in some detail.';
    const lead = { title: 'Worm found in plant controllers', paragraphs: [`Engineers at a chemical plant in Norway said on Monday they had found it during routine checks. ${filler}`, filler] };
    const later = { title: 'Worm found in plant controllers', paragraphs: [filler, filler, 'Engineers at a chemical plant in Norway said they had found it.'] };
    expect(match('worm NEAR/5 norway', lead)).toBeDefined();
    expect(match('worm NEAR/5 norway', later)).toBeUndefined();
  });
});
