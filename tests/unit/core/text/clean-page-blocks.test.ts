import { describe, expect, it } from 'vitest';
import { cleanPageBlocks } from '../../../../src/core/text/clean-page-blocks.js';
import type { TextBlock } from '../../../../src/core/text/text-block.js';

const URL_OF_PAGE = 'https://valley-gazette.example/news/depot';
const block = (text: string, extra: Partial<TextBlock> = {}): TextBlock => ({ text, heading: false, linkDensity: 0, ...extra });
const BODY = [
  block('The county opened a second recycling depot on Thursday to shorten the queues at the first one.'),
  block('Residents can bring garden waste, glass and old furniture to the new depot six days a week.'),
];
const texts = (blocks: readonly TextBlock[]): string[] => cleanPageBlocks(blocks, URL_OF_PAGE).map((kept) => kept.text);

describe('cleanPageBlocks', () => {
  it('drops a story list after its heading and keeps the body prose that follows it', () => {
    const blocks = [
      BODY[0]!,
      block('More stories from the valley', { heading: true }),
      block('Bus lane plan goes to a vote'),
      block('Swimming pool reopens in May', { linkDensity: 1 }),
      block('Why the library is closing early this week'),
      BODY[1]!,
    ];
    expect(texts(blocks)).toEqual([BODY[0]!.text, BODY[1]!.text]);
  });

  it('drops a comment thread from its heading to the end', () => {
    const blocks = [...BODY, block('3 Comments'), block('Great news for our street, thank you very much to everyone involved.'), block('Will they take paint tins as well? Nobody seems to know.')];
    expect(texts(blocks)).toEqual(BODY.map((kept) => kept.text));
  });

  it('drops an author box up to the next heading', () => {
    const blocks = [
      BODY[0]!,
      block('About the author', { heading: true }),
      block('A. Writer covers the county council and its services for the paper.'),
      block('Opening hours', { heading: true }),
      BODY[1]!,
    ];
    expect(texts(blocks)).toEqual([BODY[0]!.text, 'Opening hours', BODY[1]!.text]);
  });

  it('keeps headings that merely start with a listed word and the prose under them', () => {
    const blocks = [block('Trending upward, again', { heading: true }), BODY[0]!, block('Comments from residents', { heading: true }), BODY[1]!];
    expect(texts(blocks)).toEqual(['Trending upward, again', BODY[0]!.text, 'Comments from residents', BODY[1]!.text]);
  });
});

describe('cleanPageBlocks on closing lines', () => {
  it("drops the author's tagline at the end, not the same kind of sentence in the body", () => {
    const tagline = block('Dana Reyes is a senior reporter covering the county council and its budget.');
    const inBody = block('Marta Ilves is a journalist who spent two years reporting from the island, the court heard.');
    expect(texts([BODY[0]!, inBody, BODY[1]!, block('Opening hours are listed on the county website.'), tagline])).toEqual([
      BODY[0]!.text,
      inBody.text,
      BODY[1]!.text,
      'Opening hours are listed on the county website.',
    ]);
  });
});
