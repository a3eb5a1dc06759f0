import { describe, expect, it } from 'vitest';
import type { CleanDocument } from '../../../../src/core/analysis.js';
import { extractQuotes } from '../../../../src/core/quotes/extract-quotes.js';

function doc(...paragraphs: string[]): CleanDocument {
  return { title: '', paragraphs, text: paragraphs.join('\n\n') };
}

function only(paragraphs: string[]): { text: string; speaker: string | null; role: string | null } {
  const quotes = extractQuotes(doc(...paragraphs));
  expect(quotes).toHaveLength(1);
  const [quote] = quotes;
  if (quote === undefined) throw new Error('no quote');
  return { text: quote.text, speaker: quote.speaker, role: quote.role };
}

describe('extractQuotes: finding quotes', () => {
  it('takes the words inside straight or curly marks, without the comma that belongs to the sentence', () => {
    const quotes = extractQuotes(
      doc(
        '“We will rebuild the port within a year,” Governor Maria Lopez said on Tuesday.',
        '"The money is already in the budget," she added.',
        '“Who will pay for the new cranes?” asked Tomas Berglund, an opposition deputy.',
        'He called the plan “a waste of good money for a port nobody uses.”',
        '“Enough is enough!” shouted the dock workers outside.',
      ),
    );
    expect(quotes.map((q) => q.text)).toEqual([
      'We will rebuild the port within a year',
      'The money is already in the budget',
      'Who will pay for the new cranes?',
      'a waste of good money for a port nobody uses',
      'Enough is enough!',
    ]);
  });

  it('finds a partial quote inside a sentence and a quote introduced with a colon', () => {
    const quotes = extractQuotes(
      doc(
        'Finance Minister Omar Haddad presented the budget on Monday.',
        'He acknowledged that the country has “been living beyond its means for a decade”, citing new figures.',
        'Haddad put it bluntly: “There will be no new spending this year.”',
      ),
    );
    expect(quotes.map((q) => [q.text, q.speaker])).toEqual([
      ['been living beyond its means for a decade', 'Omar Haddad'],
      ['There will be no new spending this year.', 'Omar Haddad'],
    ]);
  });

  it('leaves out scare quotes of one or two words and short titles of shows', () => {
    const quotes = extractQuotes(
      doc(
        'The minister dismissed the report as “childish” and “deeply flawed” on Sunday.',
        'She later appeared on “Meet the Press” to defend the plan.',
      ),
    );
    expect(quotes).toEqual([]);
  });

  it('keeps a quote that runs over several paragraphs whole, with its speaker', () => {
    const { text, speaker } = only([
      'Mayor Tom Reed laid out the plan at city hall.',
      '“The first part is about roads and bridges across the whole region.',
      '“The second part is about schools,” Reed said.',
    ]);
    expect(text).toBe('The first part is about roads and bridges across the whole region.\n\nThe second part is about schools');
    expect(speaker).toBe('Tom Reed');
  });

  it('does not report an opening mark that never closes', () => {
    expect(extractQuotes(doc('“This sentence opens a quote that never ends.', 'The next paragraph is plain text.'))).toEqual([]);
  });

  it('keeps article order and scores higher the quotes about the focus terms', () => {
    const quotes = extractQuotes(
      doc(
        '“The harvest was good this year and the farmers are pleased with the prices,” said Agriculture Minister Lena Voss.',
        '“New sanctions on our exports would hurt the farmers and the ports alike,” Voss said.',
      ),
      { focusTerms: ['sanction'] },
    );
    expect(quotes.map((q) => q.text.slice(0, 15))).toEqual(['The harvest was', 'New sanctions o']);
    const [first, second] = quotes;
    expect(second?.score ?? 0).toBeGreaterThan(first?.score ?? 1);
    for (const q of quotes) {
      expect(q.score).toBeGreaterThanOrEqual(0);
      expect(q.score).toBeLessThanOrEqual(1);
    }
  });

  it('scores a long quote with a named speaker above a short unattributed one', () => {
    const quotes = extractQuotes(
      doc(
        'Residents described the flood as “a wall of brown water”.',
        '“We lost everything in the ground floor, the furniture, the papers, the photographs of our parents,” said Ana Ruiz, a resident of the old town.',
      ),
    );
    const [fragment, long] = quotes;
    expect(long?.speaker).toBe('Ana Ruiz');
    expect(long?.score ?? 0).toBeGreaterThan(fragment?.score ?? 1);
  });

  it('scores an attributed quote above a longer one nobody is named for', () => {
    const quotes = extractQuotes(
      doc(
        '“The road through the valley has been closed for three weeks and nobody has told us when it will open again.”',
        'The council met on Monday.',
        '“We will open the valley road again by Friday,” said Mayor Ines de Sousa.',
      ),
    );
    const [anonymous, attributed] = quotes;
    expect(anonymous?.speaker).toBeNull();
    expect(attributed?.speaker).toBe('Ines de Sousa');
    expect(attributed?.score ?? 0).toBeGreaterThan(anonymous?.score ?? 1);
  });
});

describe('extractQuotes: speakers', () => {
  it('reads "X said" after the quote and splits the role from the name', () => {
    expect(only(['“The talks were productive,” US Secretary of State Helen Marsh said.'])).toMatchObject({
      speaker: 'Helen Marsh',
      role: 'US Secretary of State',
    });
  });

  it('reads the inverted "said X" and an appositive role after the name', () => {
    expect(only(['“We expect more rain before the weekend,” said Ingrid Dahl, head of the national weather service.'])).toMatchObject({
      speaker: 'Ingrid Dahl',
      role: 'head of the national weather service',
    });
  });

  it('reads a role written before the name between commas', () => {
    expect(
      only(['The head of the national weather service, Ingrid Dahl, said, “Storms of this size come once a decade.”']),
    ).toMatchObject({ speaker: 'Ingrid Dahl', role: 'head of the national weather service' });
  });

  it('reads "X told reporters"', () => {
    expect(only(['“There is no deal yet,” Senator Owen Tallis told reporters after the vote.'])).toMatchObject({
      speaker: 'Owen Tallis',
      role: 'Senator',
    });
  });

  it('reads "according to X"', () => {
    expect(only(['“Production will stop at the end of March,” according to Piet Halvorsen, a spokesman for the company.'])).toMatchObject({
      speaker: 'Piet Halvorsen',
      role: 'spokesman for the company',
    });
  });

  it('reads tweeted, wrote and added, and carries the speaker into a following quote-only paragraph', () => {
    const quotes = extractQuotes(
      doc(
        'President Dan Harlow announced new tariffs on Friday.',
        '“We are putting major new tariffs on steel imports”, tweeted Harlow, who spoke at a rally later.',
        '“The sooner our factories are busy again, the better!”',
        'Opposition leader Kim Sato wrote on her blog: “This will raise prices for every family.”',
        '“And it will cost jobs in the ports,” she added.',
      ),
    );
    expect(quotes.map((q) => [q.speaker, q.role])).toEqual([
      ['Dan Harlow', 'President'],
      ['Dan Harlow', 'President'],
      ['Kim Sato', 'Opposition leader'],
      ['Kim Sato', 'Opposition leader'],
    ]);
  });

  it('resolves "he said" to the person the text is about, not to someone named in passing', () => {
    const quotes = extractQuotes(
      doc(
        'Interior Minister Karl Brandt arrived in the capital for talks.',
        '“We will work with our neighbours on the border,” he said.',
        'He repeated Prime Minister Olaf Weber’s offer of new funding for the police.',
        '“We are ready to start tomorrow,” he said.',
      ),
    );
    expect(quotes.map((q) => q.speaker)).toEqual(['Karl Brandt', 'Karl Brandt']);
  });

  it('resolves "she said" to the most recent woman named in full', () => {
    const quotes = extractQuotes(
      doc(
        'Prime Minister Dov Kline met Sara Okafor, the health minister, on Monday.',
        '“We agreed on the budget for every clinic,” she said.',
      ),
    );
    expect(quotes[0]).toMatchObject({ speaker: 'Sara Okafor', role: 'health minister' });
  });

  it('resolves a surname to the full name, keeping apart people who share first names', () => {
    const quotes = extractQuotes(
      doc(
        'Foreign Minister Ahmad Reza Navid said the talks would resume next week.',
        'Transport Minister Ahmad Reza Karimi Tabar said the new rail line was ready.',
        '“We finished the tunnel ahead of time,” Karimi Tabar said.',
        '“The talks will go on,” Navid told reporters.',
      ),
    );
    expect(quotes.map((q) => [q.speaker, q.role])).toEqual([
      ['Ahmad Reza Karimi Tabar', 'Transport Minister'],
      ['Ahmad Reza Navid', 'Foreign Minister'],
    ]);
  });

  it('gives a quote standing alone to the speaker named in the sentence before', () => {
    const quotes = extractQuotes(
      doc('Governor Maria Lopez addressed the crowd in the main square. “This is a good day for the whole state.”'),
    );
    expect(quotes[0]?.speaker).toBe('Maria Lopez');
  });

  it('gives the second quote of a paragraph to the speaker of the first', () => {
    const quotes = extractQuotes(
      doc('“The vote was fair,” said Judge Mira Grant. “Nobody has shown us any evidence of fraud.”'),
    );
    expect(quotes.map((q) => q.speaker)).toEqual(['Mira Grant', 'Mira Grant']);
  });

  it('gives a partial quote to the subject of its sentence', () => {
    expect(only(['Senator Owen Tallis urged his colleagues to “vote with your conscience” on Thursday.']).speaker).toBe('Owen Tallis');
  });

  it('takes organisations and common nouns as speakers', () => {
    const quotes = extractQuotes(
      doc(
        '“The ministry has no record of the contract,” the ministry said in a statement.',
        '“Output fell by a third in the second quarter,” Reuters reported.',
      ),
    );
    expect(quotes.map((q) => q.speaker)).toEqual(['the ministry', 'Reuters']);
  });

  it('resolves "the mayor said" to the person who holds that title', () => {
    const quotes = extractQuotes(
      doc(
        'Mayor Ines de Sousa visited the flooded tunnel on Sunday.',
        '“The pumps will run all night and the tunnel opens on Wednesday,” the mayor said.',
      ),
    );
    expect(quotes[0]).toMatchObject({ speaker: 'Ines de Sousa', role: 'Mayor' });
  });

  it('resolves "it said" to the organisation the sentence is about', () => {
    const quotes = extractQuotes(
      doc('The Baltic Fisheries Council met on Friday and condemned what it called “a reckless raid on the northern fishing grounds.”'),
    );
    expect(quotes[0]?.speaker).toBe('Baltic Fisheries Council');
  });

  it('takes the name from "the company’s chief executive, Lena Okoro," and keeps the description as role', () => {
    expect(only(['“We did it together, all of us,” the company’s chief executive, Lena Okoro, said in a statement.'])).toMatchObject({
      speaker: 'Lena Okoro',
      role: 'company’s chief executive',
    });
  });

  it('does not take capitalised headline words for names', () => {
    const quotes = extractQuotes(
      doc(
        'Ruth Adler Slams Lenders Over Fees',
        'Adler spoke to reporters on Monday.',
        '“These fees hurt the people who can least afford them,” she said.',
      ),
    );
    expect(quotes[0]?.speaker ?? '').not.toContain('Slams');
  });

  it('reads a contracted pronoun subject ("He’s claiming")', () => {
    const quotes = extractQuotes(
      doc('Governor Tom Reed spoke at the rally.', 'He’s claiming that the new bridge is “a big, big waste of money for this state.”'),
    );
    expect(quotes[0]?.speaker).toBe('Tom Reed');
  });

  it('reads a speaker after a dash', () => {
    expect(only(['“Nothing changes until people go out and vote.” ― Maria Lopez']).speaker).toBe('Maria Lopez');
  });

  it('leaves the speaker null where the text names none', () => {
    expect(only(['“Never again, never again, never again.”'])).toMatchObject({ speaker: null, role: null });
  });
});
