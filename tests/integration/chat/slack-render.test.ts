import { describe, expect, it } from 'vitest';
import { escapeSlackText, renderSlackAlert, renderSlackDigest, renderSlackNotice, safeSlackUrl } from '../../../src/adapters/chat/slack/index.js';
import { expectDefusedSlack, slackTexts } from './defused.js';
import { hostileAlert, sampleAlert, sampleDigest } from './sample-alerts.js';

describe('renderSlackAlert', () => {
  it('renders headline link, source and time, summary, why, quotes by score and other sources', () => {
    const message = renderSlackAlert(sampleAlert());
    const all = message.blocks.map((block) => JSON.stringify(block)).join('\n');
    expect(message.blocks[0]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: '*<https://news.example.org/2024/05/port-ransomware|Port operator confirms ransomware attack on cargo systems>*' },
    });
    expect(all).toContain('Example News');
    expect(all).toContain('<!date^1714572180^');
    expect(all).toContain('a ransomware attack had disrupted its cargo systems');
    expect(all).toContain('*Cyber attacks* \u2014 matched \u201cransomware\u201d, \u201cattack\u201d');
    expect(all).toContain('+2 more sources: Daily Ledger, Harbour Times');
    const quotes = message.blocks.find((block) => block.type === 'section' && block.text.text.startsWith('>'));
    const quoteText = quotes?.type === 'section' ? quotes.text.text : '';
    expect(quoteText.indexOf('No customer data')).toBeLessThan(quoteText.indexOf('around the clock'));
    expect(quoteText).toContain('*John Roe*, security chief');
    expect(quoteText).not.toContain('ranks last');
    expect(message.text).toBe('Port operator confirms ransomware attack on cargo systems \u2014 Example News [Cyber attacks]');
  });

  it('marks follow-ups', () => {
    const message = renderSlackAlert(sampleAlert({ followUpOf: 'art-0' }));
    expect(JSON.stringify(message.blocks[0])).toContain('Follow-up');
    expect(message.text.startsWith('Follow-up: ')).toBe(true);
  });

  it('defuses hostile text everywhere and refuses a javascript: link', () => {
    const message = renderSlackAlert(hostileAlert());
    expectDefusedSlack(slackTexts(message));
    const all = slackTexts(message).join('\n');
    expect(all).toContain('&lt;!channel&gt;');
    expect(all).toContain('&lt;@U123&gt;');
    expect(all).toContain('&lt;http://evil|click&gt;');
  });

  it('keeps a 10,000-character summary and long fields within the limits', () => {
    const long = 'word '.repeat(2000);
    const message = renderSlackAlert(
      sampleAlert({
        title: 'T'.repeat(5000),
        summary: [long],
        quotes: Array.from({ length: 3 }, (_, i) => ({ text: long, speaker: 'S'.repeat(500), role: 'r', score: i })),
        topics: Array.from({ length: 100 }, (_, i) => ({ id: `t${i}`, name: `Topic ${i}`, score: 1, terms: ['a', 'b'] })),
        otherSources: Array.from({ length: 200 }, (_, i) => `Outlet ${i}`),
      }),
    );
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    for (const text of slackTexts(message)) expect(text.length).toBeLessThanOrEqual(3000);
    const summary = message.blocks.find((block) => block.type === 'section' && block.text.text.startsWith('word'));
    expect(summary?.type === 'section' && summary.text.text.endsWith('word\u2026')).toBe(true);
  });
});

describe('Slack text safety', () => {
  it('escapes entities and markers but leaves snake_case alone', () => {
    expect(escapeSlackText('a & b <c> *d* snake_case _e_ `f` ~g~')).toBe(
      'a &amp; b &lt;c&gt; \u2217d\u2217 snake_case \uff3fe\uff3f \u02cbf\u02cb \u223cg\u223c',
    );
  });

  it('accepts only http(s) URLs without credentials and escapes | and >', () => {
    expect(safeSlackUrl('javascript:alert(1)')).toBeNull();
    expect(safeSlackUrl('https://user:pw@example.org/')).toBeNull();
    expect(safeSlackUrl('not a url')).toBeNull();
    expect(safeSlackUrl('https://example.org/a|b?x=1&y=>')).toBe('https://example.org/a%7Cb?x=1&amp;y=%3E');
  });
});

describe('renderSlackDigest', () => {
  it('groups entries by topic in one message when small', () => {
    const parts = renderSlackDigest(sampleDigest(3, 4));
    expect(parts).toHaveLength(1);
    const all = slackTexts(parts[0] ?? { text: '', blocks: [] }).join('\n');
    expect(all).toContain('12 alerts on 3 topics');
    expect(all).toContain('*Topic number 2* (4)');
    expect(all).toContain('<https://news.example.org/1/3|Story 3 about topic 1');
  });

  it('splits a large digest into parts within the limits, losing no entry', () => {
    const parts = renderSlackDigest(sampleDigest(20, 30));
    expect(parts.length).toBeGreaterThan(1);
    let entries = 0;
    parts.forEach((part, index) => {
      expect(part.blocks.length).toBeLessThanOrEqual(50);
      for (const text of slackTexts(part)) expect(text.length).toBeLessThanOrEqual(3000);
      expect(part.text).toContain(`part ${index + 1}/${parts.length}`);
      entries += slackTexts(part).join('\n').split('\n').filter((line) => line.startsWith('\u2022 ')).length;
    });
    expect(entries).toBe(600);
  });

  it('says when a period had no alerts', () => {
    const parts = renderSlackDigest({ channelId: 'a', periodStart: 'x', periodEnd: 'y', groups: [] });
    expect(JSON.stringify(parts)).toContain('No alerts in this period.');
  });
});

describe('renderSlackNotice', () => {
  it('escapes quoted feed names', () => {
    const notice = renderSlackNotice('Feed "<!channel> Evil" failed 3 times');
    expectDefusedSlack(slackTexts(notice));
    expect(notice.text).toContain('&lt;!channel&gt; Evil');
  });
});
