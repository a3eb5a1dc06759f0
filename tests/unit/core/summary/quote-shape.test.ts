import { describe, expect, it } from 'vitest';
import { isQuoteFragment, readQuoteShapes, repeatsQuote } from '../../../../src/core/summary/quote-shape.js';
import { contentWords } from '../../../../src/core/summary/sentence-vectors.js';

describe('readQuoteShapes', () => {
  it('counts words inside and outside double quotation marks', () => {
    const [shape] = readQuoteShapes(['“We will open the new bridge in May,” the harbour master said on Friday.']);
    expect(shape).toEqual({ quotedWords: 8, ownWords: 6 });
  });

  it('carries an open quotation into the next sentences until it closes', () => {
    const shapes = readQuoteShapes([
      'The ferry captain described the storm. "The waves were higher than the wheelhouse.',
      'Nobody on board had seen anything like it.',
      'We turned back," he said.',
      'The ferry docked at noon.',
    ]);
    expect(shapes.map(isQuoteFragment)).toEqual([false, true, true, false]);
    expect(shapes[1]).toEqual({ quotedWords: 8, ownWords: 0 });
  });

  it('reads single quotation marks as quotes but apostrophes as part of words', () => {
    const shapes = readQuoteShapes([
      "'It's the town's best harvest in years,' the farmers' spokesman told reporters.",
      "'We can't wait.'",
      "The players' coach didn't comment.",
    ]);
    expect(shapes[0]).toEqual({ quotedWords: 7, ownWords: 5 });
    expect(isQuoteFragment(shapes[1] ?? { quotedWords: 0, ownWords: 0 })).toBe(true);
    expect(shapes[2]).toEqual({ quotedWords: 0, ownWords: 5 });
  });

  it('stops carrying a quotation that never closes after a few sentences', () => {
    const sentences = ['"This opens and never closes.', ...Array.from({ length: 8 }, (_, i) => `Sentence number ${i} follows here.`)];
    const shapes = readQuoteShapes(sentences);
    expect(shapes.at(-1)).toEqual({ quotedWords: 0, ownWords: 5 });
  });
});

describe('repeatsQuote', () => {
  const quote = new Set(contentWords('We will rebuild every flooded school before the winter term'));

  it('is true when most of a sentence is the quote, attribution or not', () => {
    const sentence = contentWords('"We will rebuild every flooded school before the winter term," the minister said.');
    expect(repeatsQuote(sentence, [quote])).toBe(true);
  });

  it('is false for a sentence that only shares a word or two with it', () => {
    const sentence = contentWords('Floods closed 40 schools in the river valley last month, officials said.');
    expect(repeatsQuote(sentence, [quote])).toBe(false);
    expect(repeatsQuote(sentence, [])).toBe(false);
  });
});
