import { describe, expect, it } from 'vitest';
import type { CleanDocument } from '../../../../src/core/analysis.js';
import { summarize } from '../../../../src/core/summary/summarize.js';

function doc(paragraphs: string[]): CleanDocument {
  return { title: 'Title', paragraphs, text: paragraphs.join('\n\n') };
}

const ARTICLE = doc([
  'A wildfire forced thousands of residents to evacuate the hill town of Alder Creek on Sunday as strong winds pushed flames toward homes.',
  'Firefighters said the wildfire had burned more than 4,000 acres by evening and was only 10 percent contained.',
  'The town hosts a popular autumn music festival that draws visitors from across the state.',
  'Evacuation centres opened at two schools, where volunteers handed out water and blankets to residents.',
  'Officials warned that the winds would strengthen overnight, pushing the wildfire further toward homes on the ridge.',
  'The festival organisers have not said whether this year’s event will go ahead.',
  'Power was cut to about 9,000 homes as a precaution against new fires.',
]);

function indexIn(article: CleanDocument, sentence: string): number {
  return article.paragraphs.findIndex((paragraph) => paragraph.includes(sentence));
}

describe('summarize', () => {
  it('returns k sentences in article order, starting with the lead', () => {
    for (const k of [1, 2, 3, 4]) {
      const summary = summarize(ARTICLE, { sentences: k });
      expect(summary).toHaveLength(k);
      expect(summary[0]).toBe(ARTICLE.paragraphs[0]);
      const positions = summary.map((sentence) => indexIn(ARTICLE, sentence));
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    }
  });

  it('returns every usable sentence when there are fewer than k, and nothing for k = 0', () => {
    const short = doc(['The bridge reopened on Monday after repairs.', 'Traffic returned to normal by noon.']);
    expect(summarize(short, { sentences: 3 })).toEqual(short.paragraphs);
    expect(summarize(ARTICLE, { sentences: 0 })).toEqual([]);
    expect(summarize(doc([]), { sentences: 3 })).toEqual([]);
  });

  it('never picks a near-duplicate of a sentence it already chose', () => {
    const repeated = doc([
      ...ARTICLE.paragraphs.slice(0, 2),
      'Firefighters said the wildfire had burned more than 4,000 acres by the evening and was only 10 percent contained.',
      ...ARTICLE.paragraphs.slice(2),
    ]);
    const summary = summarize(repeated, { sentences: 4 });
    const mentions = summary.filter((sentence) => sentence.includes('4,000 acres'));
    expect(mentions).toHaveLength(1);
  });

  it('skips headings, furniture and fragments', () => {
    const noisy = doc([
      ARTICLE.paragraphs[0] ?? '',
      'Read more: How wildfires spread in high winds.',
      'Evacuation Centres Open',
      'Sign up for our newsletter to get breaking news alerts in your inbox.',
      ...ARTICLE.paragraphs.slice(1),
    ]);
    const summary = summarize(noisy, { sentences: 3 });
    expect(summary.join(' ')).not.toMatch(/Read more|Evacuation Centres Open|newsletter/);
  });

  it('prefers sentences about the focus terms and keeps the lead when it mentions them', () => {
    const summary = summarize(ARTICLE, { sentences: 2, focusTerms: ['festival'] });
    expect(summary).toHaveLength(2);
    for (const sentence of summary) expect(sentence.toLowerCase()).toContain('festival');

    const withLead = summarize(ARTICLE, { sentences: 2, focusTerms: ['wildfire', 'evacuat'] });
    expect(withLead[0]).toBe(ARTICLE.paragraphs[0]);
  });

  it('matches focus terms given as stems and as phrases', () => {
    const stems = summarize(ARTICLE, { sentences: 1, focusTerms: ['volunteer'] });
    expect(stems[0]).toContain('volunteers');
    const phrase = summarize(ARTICLE, { sentences: 1, focusTerms: ['power was cut'] });
    expect(phrase[0]).toContain('Power was cut');
  });

  it('falls back to the normal summary when no sentence mentions the focus terms', () => {
    expect(summarize(ARTICLE, { sentences: 3, focusTerms: ['earthquake'] })).toEqual(summarize(ARTICLE, { sentences: 3 }));
  });

  it('splits paragraphs into sentences', () => {
    const joined = doc([ARTICLE.paragraphs.join(' ')]);
    const summary = summarize(joined, { sentences: 2 });
    expect(summary[0]).toBe(ARTICLE.paragraphs[0]);
    expect(summary).toHaveLength(2);
  });

  it('gives way to the next sentence when one is only a piece of a quote', () => {
    const quoted = doc([
      ARTICLE.paragraphs[0] ?? '',
      '"We have never seen winds like these.',
      'It is frightening," said one resident.',
      '"Leave now.',
      'Please."',
      ...ARTICLE.paragraphs.slice(1),
    ]);
    const summary = summarize(quoted, { sentences: 3 });
    expect(summary).toHaveLength(3);
    expect(summary.join(' ')).not.toMatch(/never seen winds|Leave now|Please/);
  });

  it('does not repeat a key quote shown beside the summary', () => {
    const quoted = doc([
      ARTICLE.paragraphs[0] ?? '',
      '"The fire has burned more than 4,000 acres and is only 10 percent contained," fire chief Dana Holt said.',
      ...ARTICLE.paragraphs.slice(2),
    ]);
    const plain = summarize(quoted, { sentences: 3 });
    expect(plain.join(' ')).toContain('4,000 acres');
    const keyQuotes = ['The fire has burned more than 4,000 acres and is only 10 percent contained,'];
    const around = summarize(quoted, { sentences: 3, keyQuotes });
    expect(around).toHaveLength(3);
    expect(around.join(' ')).not.toContain('4,000 acres');
    expect(around[0]).toBe(ARTICLE.paragraphs[0]);
  });

  it('starts from the first sentence that is not a byline, dateline or reader prompt', () => {
    const framed = doc([
      'By Jane Example and Sam Sample',
      'Published: 10:32 GMT, 12 March 2024.',
      'Scroll down for video.',
      ...ARTICLE.paragraphs,
    ]);
    const summary = summarize(framed, { sentences: 2 });
    expect(summary[0]).toBe(ARTICLE.paragraphs[0]);
    expect(summary.join(' ')).not.toMatch(/Jane Example|Published|Scroll down/);
  });

  it('prefers a self-contained sentence to one that points back to a sentence left out', () => {
    const lead = 'The mayor of Brookfield resigned on Thursday after a year-long inquiry into council contracts.';
    const pointing = doc([
      lead,
      '"It was the hardest decision of my life.',
      'He said he would stay on until a successor is chosen in the autumn.',
      'An election for the post is planned for October.',
      'The inquiry report runs to 400 pages.',
    ]);
    expect(summarize(pointing, { sentences: 2 })).toEqual([lead, 'An election for the post is planned for October.']);

    const following = doc([lead, 'He said he would stay on until a successor is chosen in the autumn.', ...pointing.paragraphs.slice(3)]);
    expect(summarize(following, { sentences: 2 })[1]).toMatch(/^He said/);
  });
});
