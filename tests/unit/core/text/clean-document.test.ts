import { describe, expect, it } from 'vitest';
import { cleanDocument } from '../../../../src/core/text/clean-document.js';

const LEAD = 'The city council approved a new budget on Tuesday after a six-hour debate over transit funding.';
const SECOND = 'The plan raises spending on buses by 12 percent and freezes fares until next year.';
const THIRD = '“This is a budget for people who ride the bus,” said council member Ana Ruiz, who led the effort.';

function body(...extra: string[]): string {
  return [LEAD, ...extra, SECOND, THIRD].join('\n\n');
}

describe('cleanDocument with HTML', () => {
  it('turns block elements into paragraphs and decodes entities', () => {
    const doc = cleanDocument({
      title: 'Council passes budget',
      html: `<article><p>${LEAD}</p><div>Fares &amp; routes: the plan raises spending on buses by 12&nbsp;percent.</div>
        <p>Officials said it &#8220;works&#8221;.</p></article>`,
    });
    expect(doc.title).toBe('Council passes budget');
    expect(doc.paragraphs).toEqual([
      LEAD,
      'Fares & routes: the plan raises spending on buses by 12 percent.',
      'Officials said it “works”.',
    ]);
    expect(doc.text).toBe(doc.paragraphs.join('\n\n'));
  });

  it('splits on double line breaks and joins single ones inside a sentence', () => {
    const doc = cleanDocument({ html: `<p>${LEAD}<br><br>The plan raises spending<br>on buses by 12 percent.</p>` });
    expect(doc.paragraphs).toEqual([LEAD, 'The plan raises spending on buses by 12 percent.']);
  });

  it('drops scripts, styles, figures with their captions, and asides', () => {
    const doc = cleanDocument({
      html: `<p>${LEAD}</p><script>var tracking = "x";</script><style>p { color: red }</style>
        <figure><img src="a.jpg" alt="Council chamber"><figcaption>The council chamber on Tuesday. Photo: Jane Doe</figcaption></figure>
        <aside><h3>Most read</h3><a href="/x">Other story</a></aside><p>${SECOND}</p>
        <div class="image-caption">Buses at the central depot</div><p>${THIRD}</p>`,
    });
    expect(doc.paragraphs).toEqual([LEAD, SECOND, THIRD]);
  });

  it('drops paragraphs that are all links to other stories', () => {
    const doc = cleanDocument({
      html: `<p>${LEAD}</p><ul><li><a href="/a">Mayor names new transit chief</a></li><li><a href="/b">Bus fares across the region compared</a></li></ul><p>${SECOND}</p>`,
    });
    expect(doc.paragraphs).toEqual([LEAD, SECOND]);
  });

  it('takes an h1 before the body as the headline when asked to', () => {
    const doc = cleanDocument({ html: `<h1>Council passes transit budget</h1><p>${LEAD}</p><p>${SECOND}</p>`, detectHeadline: true });
    expect(doc.title).toBe('Council passes transit budget');
    expect(doc.paragraphs).toEqual([LEAD, SECOND]);
  });
});

describe('cleanDocument with plain text', () => {
  it('splits paragraphs on blank lines and collapses whitespace', () => {
    const doc = cleanDocument({ text: `  ${LEAD}  \n\n\n${SECOND.replace(/ /g, '   ')}\r\n\r\n${THIRD}` });
    expect(doc.paragraphs).toEqual([LEAD, SECOND, THIRD]);
  });

  it.each([
    ['an image alt text followed by its credited caption', 'Council chamber\nCouncil chamberGetty Images'],
    ['a "Read more" line', 'Read more: Transit ridership hits a ten-year high'],
    ['an "Also read" line', 'ALSO READ | Bus drivers vote to strike'],
    ['a "Related:" line', 'Related: How the budget process works'],
    ['a site banner', '| Welcome to City Daily News'],
    ['a standalone dateline', 'Wednesday, March 6, 2024'],
    ['an updated-at dateline', 'Updated: 10:42 AM EST, March 6, 2024'],
    ['a lone agency byline', 'AFP |'],
    ['an agency credit with additional input', 'Reuters with additional input by the City Desk'],
    ['a byline', 'By Jane Doe and John Roe'],
    ['a newsletter prompt', 'Sign up for our morning newsletter to get the day’s top stories in your inbox.'],
    ['a cookie notice', 'We use cookies to improve your experience. By continuing you accept our cookie policy.'],
    ['a share prompt', 'Share this article on Facebook'],
    ['a row of share buttons', 'Facebook Twitter WhatsApp Email'],
    ['a photo credit', '(Photo: Getty Images)'],
    ['a reporting credit', '(Reporting by Jane Doe; Editing by John Roe)'],
  ])('drops %s', (_kind, furniture) => {
    const doc = cleanDocument({ text: body(furniture) });
    expect(doc.paragraphs).toEqual([LEAD, SECOND, THIRD]);
  });

  it.each([
    'Share prices fell 4 percent in early trading on Monday.',
    'Email records show the contract was signed in March.',
    'The company updated its privacy policy on Monday after the ruling.',
    'The bakery said its cookies use butter from local farms.',
    'Readers of the newsletter received the email on Friday, the company said.',
    'Fans who follow her on Twitter saw the post within minutes.',
    'Welcome to the new normal, the minister told reporters.',
    'By Monday, the water had reached the second floor of the hospital.',
    'Source documents reviewed by the council show the cost doubled.',
  ])('keeps the body sentence "%s"', (sentence) => {
    const doc = cleanDocument({ text: body(sentence) });
    expect(doc.paragraphs).toEqual([LEAD, sentence, SECOND, THIRD]);
  });

  it('keeps a section heading out of the body', () => {
    const doc = cleanDocument({ text: body('Fare Freeze Extended') });
    expect(doc.paragraphs).toEqual([LEAD, SECOND, THIRD]);
  });

  it('keeps ordinary short sentences and paragraphs that mention furniture words in passing', () => {
    const passing = 'The council said it would read more widely on transit before voting, and shared its findings.';
    const doc = cleanDocument({ text: body(passing, 'It passed.') });
    expect(doc.paragraphs).toEqual([LEAD, passing, 'It passed.', SECOND, THIRD]);
  });

  it('keeps repeated paragraphs once, even when a copy differs in its final period', () => {
    const doc = cleanDocument({ text: [LEAD, SECOND.replace(/\.$/, ''), THIRD, SECOND, LEAD].join('\n\n') });
    expect(doc.paragraphs).toEqual([LEAD, SECOND, THIRD]);
  });

  it('removes an image caption glued to the start of a sentence', () => {
    const doc = cleanDocument({
      text: `${LEAD} Buses wait at the central depot on a rainy morning The plan raises spending on buses by 12 percent.`,
    });
    expect(doc.paragraphs).toEqual([`${LEAD} The plan raises spending on buses by 12 percent.`]);
  });

  it('removes a glued caption that ends in a percentage, in any sentence of the paragraph', () => {
    const plan = 'The plan raises spending on buses by 12 percent.';
    const riders = 'The council expects more riders next year.';
    const doc = cleanDocument({
      text: `${LEAD} Buses wait at the central depot on a rainy morning ${plan} Night bus riders up 12% ${riders}`,
    });
    expect(doc.paragraphs).toEqual([`${LEAD} ${plan} ${riders}`]);
  });

  it('strips a wire dateline from the start of the lead', () => {
    expect(cleanDocument({ text: `SPRINGFIELD (Reuters) - ${LEAD}` }).paragraphs).toEqual([LEAD]);
    expect(cleanDocument({ text: `(CNN)${LEAD}` }).paragraphs).toEqual([LEAD]);
  });
});

describe('cleanDocument titles', () => {
  it('takes a headline-like first line as the title when asked to', () => {
    const doc = cleanDocument({ text: body().replace(LEAD, `Council approves budget, freezes bus fares\n\n${LEAD}`), detectHeadline: true });
    expect(doc.title).toBe('Council approves budget, freezes bus fares');
    expect(doc.paragraphs).toEqual([LEAD, SECOND, THIRD]);
  });

  it('derives the title from the lead sentence when the first line is body text', () => {
    const doc = cleanDocument({ text: body(), detectHeadline: true });
    expect(doc.title).toBe('The city council approved a new budget on Tuesday after a six-hour…');
    expect(doc.paragraphs[0]).toBe(LEAD);
  });

  it('uses a short lead sentence whole', () => {
    expect(cleanDocument({ text: 'The council approved the budget.\n\nIt passed 7 to 2.' }).title).toBe('The council approved the budget');
  });

  it('prefers the given title and drops a body line that repeats it', () => {
    const doc = cleanDocument({ title: 'Council approves budget', text: `Council approves budget\n\n${body()}`, detectHeadline: true });
    expect(doc.title).toBe('Council approves budget');
    expect(doc.paragraphs).toEqual([LEAD, SECOND, THIRD]);
  });

  it('returns an empty document for empty input', () => {
    expect(cleanDocument({ text: null, html: null })).toEqual({ title: '', paragraphs: [], text: '' });
  });
});

describe('cleanDocument with hard-wrapped text', () => {
  it('joins lines wrapped at a fixed width back into one paragraph', () => {
    const wrapped = [
      'The city council approved a new budget on Tuesday after a',
      'six-hour debate over transit funding, with Mayor Alex Grant',
      'Council members said the plan would take effect in July and',
      'run for two years.',
    ].join('\n');
    const doc = cleanDocument({ text: `${wrapped}\n\n${SECOND}` });
    expect(doc.paragraphs).toEqual([wrapped.replace(/\n/g, ' '), SECOND]);
  });
});

describe('cleanDocument keeps sentences that only start like furniture', () => {
  it.each([
    'Read more about the plan on the council website, officials said.',
    'Video shows the bus driving onto the ferry ramp before the gate closed.',
    'by the end of the year, the council expects ridership to recover.',
  ])('keeps "%s"', (sentence) => {
    expect(cleanDocument({ text: body(sentence) }).paragraphs).toEqual([LEAD, sentence, SECOND, THIRD]);
  });

  it('keeps short list lines apart rather than joining them as wrapped text', () => {
    const list = 'Sell the plan to voters (what it does and how)\nBe the council that listens\nGet the jokes off, adding levity.';
    const doc = cleanDocument({ text: `${LEAD}\n\n${list}` });
    // The five-word line without punctuation reads as a heading and goes; the others stay separate paragraphs.
    expect(doc.paragraphs).toEqual([LEAD, 'Sell the plan to voters (what it does and how)', 'Get the jokes off, adding levity.']);
  });
});
