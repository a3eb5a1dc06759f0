import { describe, expect, it } from 'vitest';
import { foldText } from '../../../../src/core/topics/fold-text.js';
import { tokenizeWords } from '../../../../src/core/topics/tokenize-words.js';

const words = (text: string): string[] => tokenizeWords(text).map((token) => token.word);

describe('foldText', () => {
  it('folds case and accents', () => {
    expect(foldText('Téhéran ÉMIRATS Zürich São Paulo')).toBe('teheran emirats zurich sao paulo');
  });

  it('lower-cases plain ASCII text and leaves the rest of it alone', () => {
    expect(foldText('NATO Summit: 2024 Plans & U.S. Aid')).toBe('nato summit: 2024 plans & u.s. aid');
  });

  it('folds letters that do not decompose', () => {
    expect(foldText('Straße Łódź Søren Æsir')).toBe('strasse lodz soren aesir');
  });
});

describe('tokenizeWords', () => {
  it('splits on spaces and punctuation into folded words with positions', () => {
    expect(tokenizeWords('Iran, (Tehran)!')).toEqual([
      { word: 'iran', start: 0, end: 0, joined: false },
      { word: 'tehran', start: 1, end: 1, joined: false },
    ]);
  });

  it('drops possessives and joins other apostrophes', () => {
    const found = words('Iran’s navy didn’t say; O\'Brien\'s view');
    expect(found).toEqual(['iran', 'navy', 'didnt', 'say', 'obrien', 'view']);
  });

  it('joins dotted acronyms', () => {
    expect(words('The U.S. and the U.A.E. met')).toEqual(['the', 'us', 'and', 'the', 'uae', 'met']);
  });

  it('gives a compound its parts and its solid form', () => {
    expect(tokenizeWords('a cyber-attack here')).toEqual([
      { word: 'a', start: 0, end: 0, joined: false },
      { word: 'cyber', start: 1, end: 1, joined: false },
      { word: 'attack', start: 2, end: 2, joined: false },
      { word: 'cyberattack', start: 1, end: 2, joined: true },
      { word: 'here', start: 3, end: 3, joined: false },
    ]);
    expect(words('AT&T COVID-19')).toEqual(['at', 't', 'att', 'covid', '19', 'covid19']);
  });

  it('ignores text without letters or digits', () => {
    expect(tokenizeWords(' – ... ** ')).toEqual([]);
  });
});
