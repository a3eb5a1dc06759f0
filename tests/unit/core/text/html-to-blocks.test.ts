import { describe, expect, it } from 'vitest';
import { htmlToBlocks } from '../../../../src/core/text/html-to-blocks.js';

const BODY = [
  'The county opened a second recycling depot on Thursday to shorten the queues that built up at the first one over the summer.',
  'Residents can bring garden waste, glass and old furniture to the new depot six days a week, the county said.',
  'Officials expect the two depots together to handle about 40 tonnes of material a day by the end of the year.',
];
const body = BODY.map((text) => `<p>${text}</p>`).join('');
const textOf = (html: string, dropFurniture?: boolean): string =>
  htmlToBlocks(html, dropFurniture === undefined ? {} : { dropFurniture }).map((block) => block.text).join('\n');

describe('htmlToBlocks on article markup', () => {
  it('drops a comment thread named by its class, however many paragraphs it holds', () => {
    const comments = '<div class="comment-list">' + ['Great news for our street, thank you.', 'About time, the old queue was two hours long.', 'Will they take paint tins as well?'].map((text) => `<div class="comment-content"><p>${text}</p></div>`).join('') + '</div>';
    const text = textOf(`<div>${body}${comments}</div>`);
    for (const paragraph of BODY) expect(text).toContain(paragraph);
    expect(text).not.toContain('paint tins');
  });

  it('drops a list of links to other stories by its link density', () => {
    const list = '<ul><li><a href="/a">Bus lane plan goes to a vote</a></li><li><a href="/b">New bakery opens on the square</a></li><li><a href="/c">Swimming pool reopens in May</a></li></ul>';
    const text = textOf(`<div>${body}${list}</div>`);
    expect(text).toContain(BODY[0]);
    expect(text).not.toContain('Bus lane plan');
  });

  it('keeps a paragraph list whose items carry a link among their own words', () => {
    const list = '<ul><li>Glass goes in the green bins at the <a href="/depot">north gate</a>, next to the office.</li><li>Garden waste is weighed at the <a href="/scales">scales</a> before it is tipped.</li><li>Furniture is taken only on <a href="/days">weekdays</a> before noon.</li></ul>';
    expect(textOf(`<div>${body}${list}</div>`)).toContain('Garden waste is weighed');
  });

  it('drops figures, captions, asides, headers and author boxes, keeps an element that wraps most of the text', () => {
    const html = `<div class="related-story-wrapper"><header><h1>Depot opens</h1><p>By A. Writer</p></header>
      <figure><img src="x.jpg"><figcaption>The new depot on its first morning.</figcaption></figure>${body}
      <aside><p>Depots near you</p></aside><div class="author-bio"><p>A. Writer covers the county for the paper.</p></div></div>`;
    const text = textOf(html);
    for (const paragraph of BODY) expect(text).toContain(paragraph);
    for (const furniture of ['Depot opens', 'By A. Writer', 'first morning', 'Depots near you', 'covers the county']) expect(text).not.toContain(furniture);
  });

  it('keeps a table or a quotation set in a figure, without its caption', () => {
    const html = `<div>${body}<figure><table><tr><td>Glass</td><td>12 tonnes</td></tr></table><figcaption>Material collected in May.</figcaption></figure>
      <figure><blockquote><p>We will never go back to one depot.</p></blockquote></figure></div>`;
    const text = textOf(html);
    expect(text).toContain('12 tonnes');
    expect(text).toContain('We will never go back to one depot.');
    expect(text).not.toContain('Material collected in May.');
  });

  it('keeps all but never-text and hidden elements when told not to drop furniture', () => {
    const html = `<div><figure><figcaption>The new depot on its first morning.</figcaption></figure>${body}<div class="share-bar">Share</div><script>var x = 1;</script><p hidden>Hidden note</p></div>`;
    const text = textOf(html, false);
    expect(text).toContain('first morning');
    expect(text).toContain('Share');
    expect(text).not.toContain('var x');
    expect(text).not.toContain('Hidden note');
  });
});
