import { describe, expect, it } from 'vitest';
import type { CleanDocument } from '../../../../src/core/analysis.js';
import { extractQuotes } from '../../../../src/core/quotes/extract-quotes.js';

// Every sentence and person here is invented; only the shapes of the names follow world news usage.
function doc(...paragraphs: string[]): CleanDocument {
  return { title: '', paragraphs, text: paragraphs.join('\n\n') };
}

const speakers = (...paragraphs: string[]): (string | null)[] => extractQuotes(doc(...paragraphs)).map((q) => q.speaker);
const attributions = (...paragraphs: string[]): [string | null, string | null][] =>
  extractQuotes(doc(...paragraphs)).map((q) => [q.speaker, q.role]);

describe('speaker names with particles and prefixes', () => {
  it.each([
    ['“The harbour will reopen next month,” said Karim al-Haddadi.', 'Karim al-Haddadi'],
    ['“The harbour will reopen next month,” Samir el-Nouri told reporters.', 'Samir el-Nouri'],
    ['“The harbour will reopen next month,” said Faisal bin Nasser.', 'Faisal bin Nasser'],
    ['“The harbour will reopen next month,” said Hamad ibn Rashid.', 'Hamad ibn Rashid'],
    ['“The harbour will reopen next month,” said Noura bint Saleh.', 'Noura bint Saleh'],
    ['“The harbour will reopen next month,” said Abu Tariq al-Zahrani.', 'Abu Tariq al-Zahrani'],
    ['“The harbour will reopen next month,” Abdul Wahid Sharifi said.', 'Abdul Wahid Sharifi'],
    ['“The harbour will reopen next month,” said Abd al-Karim Haddad.', 'Abd al-Karim Haddad'],
    ['“The harbour will reopen next month,” Greta von Hallen said.', 'Greta von Hallen'],
    ['“The harbour will reopen next month,” Karla von der Brink said.', 'Karla von der Brink'],
    ['“The harbour will reopen next month,” said Joost van Rijn.', 'Joost van Rijn'],
    ['“The harbour will reopen next month,” said Pieter van der Meulen.', 'Pieter van der Meulen'],
    ['“The harbour will reopen next month,” said Ramon de la Vega.', 'Ramon de la Vega'],
    ['“The harbour will reopen next month,” said Paulo da Cunha.', 'Paulo da Cunha'],
    ['“The harbour will reopen next month,” said Marco di Stefano.', 'Marco di Stefano'],
    ['“The harbour will reopen next month,” said Henri du Pradel.', 'Henri du Pradel'],
    ['“The harbour will reopen next month,” said Anne le Goff.', 'Anne le Goff'],
    ['“The harbour will reopen next month,” said Chiara la Torre.', 'Chiara la Torre'],
    ['“The harbour will reopen next month,” said Ewan McArdle.', 'Ewan McArdle'],
    ["“The harbour will reopen next month,” said Siobhan O'Dowd.", "Siobhan O'Dowd"],
    ['“The harbour will reopen next month,” said Siobhan O’Dowd.', 'Siobhan O’Dowd'],
    ['“The harbour will reopen next month,” said Anne-Marie Falk-Jensen.', 'Anne-Marie Falk-Jensen'],
  ])('%s', (sentence, name) => {
    expect(speakers(sentence)).toEqual([name]);
  });

  it('keeps a name with an inner particle whole when it stands before the verb', () => {
    expect(speakers('Karla von der Brink said the harbour would “reopen within a month or two.”')).toEqual(['Karla von der Brink']);
    expect(speakers('Karim al-Haddadi told reporters: “The harbour will reopen next month.”')).toEqual(['Karim al-Haddadi']);
  });

  it('resolves a later mention by the particle surname to the full name', () => {
    expect(
      speakers(
        'Karla von der Brink, the commission’s president, arrived on Monday.',
        '“We will not wait for the others,” von der Brink said.',
        'Karim al-Haddadi, the port director, agreed.',
        '“Ships are already waiting outside,” al-Haddadi said.',
      ),
    ).toEqual(['Karla von der Brink', 'Karim al-Haddadi']);
  });
});

describe('transliterated names, initials and family-name-first order', () => {
  it('reads Arabic and Persian transliterations of several words', () => {
    expect(speakers('“We are ready to talk without conditions,” said Gholamreza Mohammadi Tavakoli.')).toEqual(['Gholamreza Mohammadi Tavakoli']);
    expect(speakers('“The border crossing stays open,” Abdolrahim Hosseinzadeh said.')).toEqual(['Abdolrahim Hosseinzadeh']);
  });

  it('keeps a middle initial and resolves the surname to the full name', () => {
    expect(
      speakers(
        '“Nobody gains from a longer war,” Reza K. Tahmasbi said on Sunday.',
        '“The offer is still on the table,” Tahmasbi added.',
      ),
    ).toEqual(['Reza K. Tahmasbi', 'Reza K. Tahmasbi']);
  });

  it('resolves a Chinese or Korean family name, written first, to the full name', () => {
    expect(
      speakers(
        'Trade minister Wang Lihua met her counterpart Choi Min-jun in the capital.',
        '“Our exports of chips will double by next year,” Wang said.',
        '“The agreement covers cars as well,” Choi said.',
      ),
    ).toEqual(['Wang Lihua', 'Choi Min-jun']);
  });
});

describe('words that look like names but are not', () => {
  it('does not take a number word opening the sentence for a name', () => {
    expect(speakers('Twenty-two years later, the prediction that “the port will never pay for itself” still stands.')).toEqual([null]);
  });

  it('keeps a name whole when its accented letter was decoded twice', () => {
    expect(attributions('“The budget for the navy will grow next year,” Defence Minister FranÃ\u0083Â§ois Marchal said.')).toEqual([
      ['FranÃ\u0083Â§ois Marchal', 'Defence Minister'],
    ]);
  });
});

describe('honorifics and ranks', () => {
  it.each([
    ['“The ceasefire must hold,” said Sheikh Tamim al-Harbi.', 'Tamim al-Harbi', 'Sheikh'],
    ['“The ceasefire must hold,” Ayatollah Hossein Kazemi said.', 'Hossein Kazemi', 'Ayatollah'],
    ['“The ceasefire must hold,” Gen. Dana Whitfield said.', 'Dana Whitfield', 'Gen.'],
    ['“The ceasefire must hold,” said Adm. Carl Brenner.', 'Carl Brenner', 'Adm.'],
    ['“The ceasefire must hold,” Lt. Col. Ana Petrova told reporters.', 'Ana Petrova', 'Lt. Col.'],
    ['“The ceasefire must hold,” Rep. Jo Carter said.', 'Jo Carter', 'Rep.'],
    ['“The ceasefire must hold,” said Sen. Mark Holloway.', 'Mark Holloway', 'Sen.'],
  ])('%s', (sentence, name, role) => {
    expect(attributions(sentence)).toEqual([[name, role]]);
  });

  it('drops the honorific Dr. from the name', () => {
    expect(speakers('“The clinic needs more nurses,” Dr. Leila Farahani said.')).toEqual(['Leila Farahani']);
  });
});

describe('descriptors and roles', () => {
  it('splits a lower-case descriptor before the name from the name', () => {
    expect(attributions('Interior ministry spokeswoman Parisa Nouri said: “The roads will be closed until Friday.”')).toEqual([
      ['Parisa Nouri', 'Interior ministry spokeswoman'],
    ]);
    expect(attributions('“The roads will be closed until Friday,” human rights lawyer Nadia Haddad told reporters.')).toEqual([
      ['Nadia Haddad', 'human rights lawyer'],
    ]);
  });

  it('reads a descriptor after an inverted "said"', () => {
    expect(attributions('“The roads will be closed until Friday,” said opposition lawmaker Omid Rastgar.')).toEqual([
      ['Omid Rastgar', 'opposition lawmaker'],
    ]);
  });

  it('takes a plain noun opening the speaker phrase as the role', () => {
    expect(attributions('“Nobody warned us about the water,” farmer Joao da Silva, 54, said.')).toEqual([['Joao da Silva', 'farmer']]);
  });

  it('does not take a verb before a title for a descriptor', () => {
    expect(attributions('The court fined lawyer Nadia Haddad on Monday. “I will appeal,” she said.')).toEqual([['Nadia Haddad', 'lawyer']]);
  });

  it('takes the role from an appositive after a name that follows the quote', () => {
    expect(
      attributions('“The roads will be closed until Friday,” said Nouri, the ministry’s spokeswoman.'),
    ).toEqual([['Nouri', 'ministry’s spokeswoman']]);
  });

  it('resolves a surname after the quote to the full name introduced earlier', () => {
    expect(
      attributions(
        'Interior ministry spokeswoman Parisa Nouri held a briefing on Monday.',
        '“The roads will be closed until Friday,” said Nouri, the ministry’s spokeswoman.',
      ),
    ).toEqual([['Parisa Nouri', 'Interior ministry spokeswoman']]);
  });

  it('resolves a title ("the minister") and a pronoun to the person introduced earlier', () => {
    expect(
      speakers(
        'Energy Minister Tomas Berglund opened the new plant on Tuesday.',
        '“This plant will power half a million homes,” the minister said.',
        '“And it will be finished on time,” he added.',
      ),
    ).toEqual(['Tomas Berglund', 'Tomas Berglund']);
  });
});

describe('no speaker rather than a wrong one', () => {
  it('leaves the speaker null when the text does not say who spoke', () => {
    expect(speakers('“No more broken promises for this town.”', 'The vote is on Sunday.')).toEqual([null]);
  });

  it('does not give "she said" to the only man named, nor "they said" to anyone', () => {
    expect(
      speakers(
        'Mr. Tomas Berglund opened the new plant on Tuesday.',
        '“The workers were never asked about the night shifts,” she said.',
        '“We will take this to court,” they said.',
      ),
    ).toEqual([null, null]);
  });

  it('does not take a name from a headline for the speaker of a quote below it', () => {
    expect(speakers('Berglund Opens New Plant In The North', '“This plant will power half a million homes.”')).toEqual([null]);
  });

  it('does not take a place for a speaker', () => {
    expect(speakers('Norway', '“Prices will keep rising through the winter,” the report warned.')).not.toContain('Norway');
  });
});
