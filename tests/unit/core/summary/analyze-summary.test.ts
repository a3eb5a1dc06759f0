import { describe, expect, it } from 'vitest';
import { analyzeArticle, selectKeyQuotes } from '../../../../src/core/analyze-article.js';
import { compileTopics } from '../../../../src/core/topics/topic-index.js';

const ARTICLE = [
  'Harbour Town Votes to Rebuild Sea Wall',
  'The harbour town of Westmere voted on Tuesday to rebuild its sea wall after winter storms flooded hundreds of homes.',
  '"We cannot let the sea take this town street by street, and we will not," council leader Maria Fenwick said after the vote.',
  'The council approved a plan worth 40 million pounds, to be paid over ten years from the town budget and a national grant.',
  'Work on the first section of the wall is due to begin in the spring.',
  'Engineers will raise the wall by two metres along the length of the old harbour.',
  'Residents of the lower streets have been asked to keep flood boards ready until the work is finished.',
].join('\n\n');

describe('summary beside key quotes', () => {
  it('leaves a key quote to the quotes section instead of repeating it in the summary', () => {
    const analysis = analyzeArticle({ text: ARTICLE, detectHeadline: true }, compileTopics([]), { summarySentences: 3 });
    const keyQuotes = selectKeyQuotes(analysis.quotes, 3);
    expect(keyQuotes.map((quote) => quote.text).join(' ')).toContain('We cannot let the sea take this town');
    expect(analysis.summary).toHaveLength(3);
    expect(analysis.summary.join(' ')).not.toContain('We cannot let the sea');

    const withoutKeyQuotes = analyzeArticle({ text: ARTICLE, detectHeadline: true }, compileTopics([]), { summarySentences: 3, keyQuotes: 0 });
    expect(withoutKeyQuotes.summary.join(' ')).toContain('We cannot let the sea');
  });

  it('picks key quotes as alerts do: three words or more, best score first', () => {
    const quote = (text: string, score: number) => ({ text, speaker: null, role: null, score });
    const picked = selectKeyQuotes([quote('Too short', 0.9), quote('a middling quote here', 0.4), quote('the best quote of all', 0.8)], 2);
    expect(picked.map((q) => q.text)).toEqual(['the best quote of all', 'a middling quote here']);
  });
});
