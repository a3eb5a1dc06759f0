import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractPage } from '../../src/adapters/feeds/extract-page.js';

const page = readFileSync(fileURLToPath(new URL('../fixtures/pages/harbor-bridge-article.html', import.meta.url)), 'utf8');
const URL_OF_PAGE = 'https://coastline-herald.example/local/transport/harbor-bridge-closure';

describe('extractPage on a saved article page', () => {
  const extracted = extractPage(page, URL_OF_PAGE);

  it('finds the title and every body paragraph, in order', () => {
    expect(extracted).not.toBeNull();
    expect(extracted?.title).toMatch(/^Harbor bridge to close for two years of repairs/);
    const text = extracted?.text ?? '';
    const expectedOrder = [
      'The Harbor Bridge will close to all traffic for two years starting in June',
      'About 48,000 vehicles cross the 70-year-old bridge each day',
      '“We have patched this bridge for as long as we responsibly can,” said Helen Marsh',
      'The work is expected to cost $310 million',
      'Businesses worry about lost trade',
      'Shop owners in the port district said the closure would cut them off',
      '“Two years is a long time for a small business,” Reyes said.',
      'The city council plans to vote next month on a relief fund',
      'Cyclists and pedestrians will still be able to use a temporary walkway',
      'The authority will hold public meetings on the detour plan on March 20 and March 27 at the central library.',
    ];
    const positions = expectedOrder.map((snippet) => text.indexOf(snippet));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('leaves out navigation, captions, credits, prompts, related links and the footer', () => {
    const text = extracted?.text ?? '';
    for (const furniture of [
      'We use cookies',
      'Accept all',
      'Sport',
      'Home',
      'By Maria Okafor',
      'Tuesday, March 12, 2024',
      'seen from the east pier',
      'Photo: Sam Ito',
      'Facebook',
      'Read more',
      'Get the Morning Briefing',
      'Sign up for our free newsletter',
      'A ferry leaves the east pier',
      'Topics:',
      'Related stories',
      'Ferry fares to stay frozen',
      'Port district plan promises',
      'Most read',
      'Harbor FC',
      'Advertisement',
      'All rights reserved',
      'Privacy Policy',
    ]) {
      expect(text, furniture).not.toContain(furniture);
    }
  });

  it('returns clean HTML with the same paragraphs as the text', () => {
    const html = extracted?.html ?? '';
    expect(html).toContain('<h2>Businesses worry about lost trade</h2>');
    expect(html).toContain('<p>“Two years is a long time for a small business,” Reyes said. “Some of us will not make it to the other side.”</p>');
    expect(html).not.toMatch(/<script|<img|<figure|class=/);
    expect((html.match(/<(?:p|h2)>/g) ?? []).length).toBe((extracted?.text ?? '').split('\n\n').length);
  });

  it('falls back to the largest cluster of paragraphs when Readability finds too little', () => {
    const paragraphs = [
      'The ferry service added four evening sailings on Friday after commuters complained about crowding on the last boats of the day.',
      'Operators said the extra sailings would run until the end of the summer timetable and cost about $40,000 a month.',
      'Passengers on the late crossings said the boats had been so full that some were turned away at the pier.',
      'The transport authority said it would review demand again in September before deciding on the winter timetable.',
    ];
    const sparse = `<html><head><title>Ferry service adds sailings</title></head><body>
      <div class="a"><p>Subscribe</p></div>
      <table><tr><td><div>${paragraphs.map((text) => `<p>${text}</p>`).join('')}</div></td></tr></table>
    </body></html>`;
    const result = extractPage(sparse, 'https://coastline-herald.example/ferries');
    expect(result).not.toBeNull();
    for (const paragraph of paragraphs) expect(result?.text).toContain(paragraph);
  });

  it('returns null for a page with no article text', () => {
    const empty = `<html><head><title>Sign in</title></head><body><nav><a href="/">Home</a></nav>
      <form><input name="user"><input name="password" type="password"><button>Sign in</button></form>
      <footer><p>&copy; 2024 Coastline Herald</p></footer></body></html>`;
    expect(extractPage(empty, 'https://coastline-herald.example/login')).toBeNull();
    expect(extractPage('', 'https://coastline-herald.example/')).toBeNull();
  });
});

const libraryPage = readFileSync(fileURLToPath(new URL('../fixtures/pages/library-hours-article.html', import.meta.url)), 'utf8');

describe('extractPage on a page whose furniture sits inside the article container', () => {
  const text = extractPage(libraryPage, 'https://millbrook-courier.example/news/library-hours')?.text ?? '';

  it('keeps every body paragraph', () => {
    for (const snippet of [
      'The valley branch of the Millbrook public library will open on Sundays',
      'The branch will open from noon to five on Sundays',
      '“Families told us weekends are the only time they can come in together,”',
      'The library will hire two part-time assistants',
      'Volunteers from the friends of the library group',
    ]) {
      expect(text, snippet).toContain(snippet);
    }
  });

  it('drops the share bar, caption, inline links, pull quote, newsletter and author boxes, story list and comments', () => {
    for (const furniture of [
      'Share on Facebook',
      'Readers at the valley branch',
      'School board approves budget',
      'Sign up for the Courier Daily',
      'About the author',
      'two very loud dogs',
      'More local stories',
      'Bus fares to rise',
      '3 Comments',
      'My kids have been asking',
      'Most read',
    ]) {
      expect(text, furniture).not.toContain(furniture);
    }
    expect(text.match(/We wanted the doors open/g)).toHaveLength(1);
  });
});

describe('extractPage on boxes of a single paragraph, which Readability unwraps', () => {
  it('still knows them by the class of their wrapper', () => {
    const html = `<html><head><title>Depot opens</title></head><body><article>
      <p>The county opened a second recycling depot on Thursday to shorten the queues that built up at the first one over the summer.</p>
      <p>Residents can bring garden waste, glass and old furniture to the new depot six days a week, the county said on its website.</p>
      <p>Officials expect the two depots together to handle about 40 tonnes of material a day by the end of the year.</p>
      <div class="author-bio"><p>A. Writer covers the county council and its budget for the paper.</p></div>
      <div class="comment-content"><p>About time, the old queue was two hours long on a Saturday morning.</p></div>
      </article></body></html>`;
    const text = extractPage(html, 'https://valley-gazette.example/depot')?.text ?? '';
    expect(text).toContain('Officials expect the two depots together');
    expect(text).not.toContain('covers the county council');
    expect(text).not.toContain('About time');
  });
});

describe('extractPage when its own cleanup would keep much less than Readability finds', () => {
  const sentences = [
    'The harbour ferry will run a late boat on Fridays from next month, the operator said on Tuesday.',
    'The new sailing leaves the north pier at half past eleven and calls at both island stops.',
    'Passengers had asked for a later boat for years, saying the last crossing left too early for shift workers.',
    'The operator said the extra sailing would cost about $3,000 a week and would be reviewed after six months.',
    'Island businesses welcomed the change and said evening trade had suffered since the timetable was cut.',
    'The council will pay half the cost of the trial from its transport budget, a spokesman said.',
  ];

  it('returns the article when markup names its only containers as furniture', () => {
    // Three parts, none holding most of the text, each named as a related-story box.
    const part = (from: number): string => `<div class="article-related">${sentences.slice(from, from + 2).join('<br><br>')}</div>`;
    const html = `<html><head><title>Late ferry</title></head><body><div id="page">${part(0)}${part(2)}${part(4)}</div></body></html>`;
    const text = extractPage(html, 'https://harbour-news.example/ferry')?.text ?? '';
    for (const sentence of sentences) expect(text).toContain(sentence);
  });

  it('does not bring back a comment thread longer than the article', () => {
    const comments = [
      'I take the late boat every Friday and it is always full, so this is very welcome news for all of us.',
      'Half past eleven is still too early for the restaurant crowd, they should have gone for midnight instead.',
      'Who is paying for this? The council keeps finding money for ferries but not for the island roads.',
      'Good news at last. My daughter works late shifts at the hospital and has been stuck twice this month.',
    ];
    const html = `<html><head><title>Late ferry</title></head><body><div class="story">
      ${sentences.slice(0, 3).map((sentence) => `<p>${sentence}</p>`).join('')}
      ${comments.map((comment) => `<div class="comment-body"><p>${comment}</p><p><a href="#">Reply</a></p></div>`).join('')}
      </div></body></html>`;
    const text = extractPage(html, 'https://harbour-news.example/ferry')?.text ?? '';
    for (const sentence of sentences.slice(0, 3)) expect(text).toContain(sentence);
    expect(text).not.toContain('restaurant crowd');
  });

  it('returns Readability\'s text when every line of its pick reads as furniture', () => {
    const headlines = [
      'Harbour ferry to run a late boat on Fridays from next month after years of requests',
      'Island businesses welcome the change as evening trade recovers from timetable cuts',
      'Council to pay half the cost of the six-month trial from its transport budget',
      'Shift workers say the earlier last crossing left them stranded on the mainland',
    ];
    const html = `<html><head><title>Ferry news</title></head><body><div class="content">${headlines
      .map((headline, index) => `<p><a href="/story-${index}">${headline}</a></p>`)
      .join('')}</div></body></html>`;
    const text = extractPage(html, 'https://harbour-news.example/ferries')?.text ?? '';
    for (const headline of headlines) expect(text).toContain(headline);
  });
});
