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
