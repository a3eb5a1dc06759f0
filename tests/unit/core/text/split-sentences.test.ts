import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../../../src/core/text/split-sentences.js';

describe('splitSentences', () => {
  it('splits plain sentences and never returns empty items', () => {
    expect(splitSentences('The vote passed. Critics objected!  Was it fair?  ')).toEqual([
      'The vote passed.',
      'Critics objected!',
      'Was it fair?',
    ]);
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences('   \n\n  ')).toEqual([]);
  });

  it('does not split after titles placed before names', () => {
    expect(splitSentences('Mr. Smith met Dr. Jones and Sen. Okafor. Mrs. Lee and Prof. Chan were absent.')).toEqual([
      'Mr. Smith met Dr. Jones and Sen. Okafor.',
      'Mrs. Lee and Prof. Chan were absent.',
    ]);
  });

  it('keeps dotted acronyms and times inside the sentence, but ends on them before a new sentence', () => {
    expect(splitSentences('U.S. officials met at 9 a.m. Monday in the U.K. capital. They left.')).toEqual([
      'U.S. officials met at 9 a.m. Monday in the U.K. capital.',
      'They left.',
    ]);
    expect(splitSentences('The drone was made in the U.S. The company denied it.')).toEqual([
      'The drone was made in the U.S.',
      'The company denied it.',
    ]);
    expect(splitSentences('U.S. President Donald Trump spoke.')).toEqual(['U.S. President Donald Trump spoke.']);
  });

  it('handles month and street abbreviations and initials', () => {
    expect(splitSentences('The deal was signed on Jan. 5 in St. Louis by J. Smith and George W. Bush. It held.')).toEqual([
      'The deal was signed on Jan. 5 in St. Louis by J. Smith and George W. Bush.',
      'It held.',
    ]);
    expect(splitSentences('They chose plan B. The rest followed.')).toEqual(['They chose plan B.', 'The rest followed.']);
    expect(splitSentences('Shares of Apple Inc. rose. Apple Inc. The company declined to comment.')).toHaveLength(3);
  });

  it('does not split decimals, prices or version numbers', () => {
    expect(splitSentences('Growth was 3.5 percent, or $1.2 billion. Version 2.0.1 shipped.')).toEqual([
      'Growth was 3.5 percent, or $1.2 billion.',
      'Version 2.0.1 shipped.',
    ]);
  });

  it('keeps closing quotation marks with the sentence they end', () => {
    expect(splitSentences('He said, “We will win.” Then he left. She replied: "It is over." Nobody moved.')).toEqual([
      'He said, “We will win.”',
      'Then he left.',
      'She replied: "It is over."',
      'Nobody moved.',
    ]);
    expect(splitSentences('“Are we ready?” he asked. ‘Yes.’ They went.')).toEqual([
      '“Are we ready?” he asked.',
      '‘Yes.’',
      'They went.',
    ]);
  });

  it('does not split where a quoted question or exclamation runs on into its attribution', () => {
    expect(splitSentences('“Why now?” asked the minister. “Enough!” shouted a protester.')).toEqual([
      '“Why now?” asked the minister.',
      '“Enough!” shouted a protester.',
    ]);
  });

  it('treats ellipses as a boundary only before a capitalised word', () => {
    expect(splitSentences('We waited... and waited. Then… Nothing happened.')).toEqual([
      'We waited... and waited.',
      'Then…',
      'Nothing happened.',
    ]);
  });

  it('flattens tabs, line breaks, runs of spaces and no-break spaces to single spaces', () => {
    expect(splitSentences('The\tvote\u00a0passed  on\nTuesday. Critics   objected.')).toEqual([
      'The vote passed on Tuesday.',
      'Critics objected.',
    ]);
  });

  it('reads the abbreviation before a full stop after an opening bracket or quotation mark', () => {
    expect(splitSentences('The motion (by Sen. Okafor) passed. Critics, quoting “Gov. Lee” again, objected.')).toEqual([
      'The motion (by Sen. Okafor) passed.',
      'Critics, quoting “Gov. Lee” again, objected.',
    ]);
  });

  it('always ends a sentence at a blank line', () => {
    expect(splitSentences('Pompeo Visits Gulf Allies\n\nSpeaking to reporters, he left.')).toEqual([
      'Pompeo Visits Gulf Allies',
      'Speaking to reporters, he left.',
    ]);
    expect(splitSentences('A line that wraps\nonto the next line.')).toEqual(['A line that wraps onto the next line.']);
  });
});
