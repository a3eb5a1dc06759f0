import { describe, expect, it } from 'vitest';
import {
  DISCORD_LIMITS,
  embedLength,
  escapeDiscordText,
  renderDiscordAlert,
  renderDiscordDigest,
  renderDiscordNotice,
  safeDiscordUrl,
  type DiscordMessage,
} from '../../../src/adapters/chat/discord/index.js';
import { discordTexts, expectDefusedDiscord } from './defused.js';
import { hostileAlert, sampleAlert, sampleDigest } from './sample-alerts.js';

function expectWithinLimits(message: DiscordMessage): void {
  expect(message.allowed_mentions).toEqual({ parse: [] });
  expect(message.embeds.length).toBeLessThanOrEqual(DISCORD_LIMITS.embeds);
  expect((message.content ?? '').length).toBeLessThanOrEqual(DISCORD_LIMITS.content);
  expect(message.embeds.reduce((sum, embed) => sum + embedLength(embed), 0)).toBeLessThanOrEqual(DISCORD_LIMITS.total);
  for (const embed of message.embeds) {
    expect((embed.title ?? '').length).toBeLessThanOrEqual(DISCORD_LIMITS.title);
    expect((embed.description ?? '').length).toBeLessThanOrEqual(DISCORD_LIMITS.description);
    expect((embed.fields ?? []).length).toBeLessThanOrEqual(DISCORD_LIMITS.fields);
    for (const field of embed.fields ?? []) {
      expect(field.name.length).toBeGreaterThan(0);
      expect(field.name.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldName);
      expect(field.value.length).toBeGreaterThan(0);
      expect(field.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
    }
  }
}

describe('renderDiscordAlert', () => {
  it('renders the headline link, source, time, summary, why, quotes by score and other sources', () => {
    const message = renderDiscordAlert(sampleAlert());
    const embed = message.embeds[0];
    expect(embed?.title).toBe('Port operator confirms ransomware attack on cargo systems');
    expect(embed?.url).toBe('https://news.example.org/2024/05/port-ransomware');
    expect(embed?.author?.name).toBe('Example News');
    expect(embed?.timestamp).toBe('2024-05-01T14:03:00.000Z');
    expect(embed?.description).toContain('restored from backups');
    const fields = embed?.fields ?? [];
    expect(fields[0]).toEqual({ name: 'Why it matched', value: '**Cyber attacks** \u2014 matched \u201cransomware\u201d, \u201cattack\u201d' });
    expect(fields.slice(1, 4).map((field) => field.name)).toEqual(['John Roe, security chief', 'Jane Doe, chief executive', 'Unattributed']);
    expect(fields.at(-1)).toEqual({ name: 'Also reported by', value: '+2 more sources: Daily Ledger, Harbour Times' });
    expect(message.allowed_mentions).toEqual({ parse: [] });
    expectWithinLimits(message);
  });

  it('marks follow-ups and links the original when asked', () => {
    const message = renderDiscordAlert(sampleAlert({ followUpOf: 'art-0' }), { replyToUrl: 'https://discord.com/channels/1/2/3' });
    expect(message.embeds[0]?.description?.startsWith('\u21aa **Follow-up**')).toBe(true);
    expect(message.content).toBe('\u21aa Follow-up to https://discord.com/channels/1/2/3');
  });

  it('defuses hostile text everywhere and refuses a javascript: link', () => {
    const message = renderDiscordAlert(hostileAlert());
    expectDefusedDiscord(discordTexts(message));
    expect(message.embeds[0]?.url).toBeUndefined();
    expect(message.embeds[0]?.title).toContain('\\*\\*bold\\*\\*');
  });

  it('keeps a 10,000-character summary and long fields within every limit', () => {
    const long = 'word '.repeat(2000);
    const message = renderDiscordAlert(
      sampleAlert({
        title: 'T'.repeat(5000),
        source: 'S'.repeat(1000),
        summary: [long],
        quotes: Array.from({ length: 3 }, (_, i) => ({ text: long, speaker: 'N'.repeat(500), role: 'R'.repeat(500), score: i })),
        topics: Array.from({ length: 100 }, (_, i) => ({ id: `t${i}`, name: `Topic ${i}`, score: 1, terms: ['alpha', 'beta'] })),
        otherSources: Array.from({ length: 200 }, (_, i) => `Outlet ${i}`),
      }),
    );
    expectWithinLimits(message);
    expect(message.embeds[0]?.description?.endsWith('word\u2026')).toBe(true);
  });

  it('gives way quotes before the summary when the total would pass 6,000', () => {
    const long = 'x'.repeat(3000);
    const message = renderDiscordAlert(
      sampleAlert({ summary: ['word '.repeat(2000)], quotes: Array.from({ length: 3 }, () => ({ text: long, speaker: 'A', role: null, score: 1 })) }),
    );
    expectWithinLimits(message);
    expect((message.embeds[0]?.description ?? '').length).toBeGreaterThanOrEqual(300);
  });
});

describe('Discord text safety', () => {
  it('escapes markdown, masked links and mentions', () => {
    const text = escapeDiscordText('# head **b** [x](http://evil) @everyone <@&1>');
    expect(text).toBe('\\# head \\*\\*b\\*\\* \\[x\\](http://evil) @\u200beveryone <\u200b@\u200b&1>');
    expect(escapeDiscordText('> quoted')).toBe('\\> quoted');
    expect(escapeDiscordText('-# small')).toBe('\\-# small');
  });

  it('accepts only http(s) URLs and encodes parentheses', () => {
    expect(safeDiscordUrl('javascript:alert(1)')).toBeNull();
    expect(safeDiscordUrl('https://u:p@example.org')).toBeNull();
    expect(safeDiscordUrl('https://example.org/a_(b)')).toBe('https://example.org/a_%28b%29');
  });
});

describe('renderDiscordDigest', () => {
  it('lists entries by topic as masked links in one message when small', () => {
    const parts = renderDiscordDigest(sampleDigest(3, 4));
    expect(parts).toHaveLength(1);
    const embed = parts[0]?.embeds[0];
    expect(embed?.title).toBe('Digest: 12 alerts on 3 topics');
    expect(embed?.fields?.map((field) => field.name)).toEqual(['Topic number 0 (4)', 'Topic number 1 (4)', 'Topic number 2 (4)']);
    expect(embed?.fields?.[1]?.value).toContain('[Story 0 about topic 1');
    expect(embed?.fields?.[1]?.value).toContain('](https://news.example.org/1/0)');
  });

  it('splits a large digest into messages within the limits, losing no entry', () => {
    const parts = renderDiscordDigest(sampleDigest(20, 30));
    expect(parts.length).toBeGreaterThan(1);
    let entries = 0;
    parts.forEach((part, index) => {
      expectWithinLimits(part);
      expect(part.embeds[0]?.title).toContain(`part ${index + 1}/${parts.length}`);
      entries += discordTexts(part).join('\n').split('\n').filter((line) => line.startsWith('\u2022 ')).length;
    });
    expect(entries).toBe(600);
  });

  it('defuses hostile entries', () => {
    const digest = sampleDigest(1, 1);
    const group = digest.groups[0];
    if (group === undefined) throw new Error('sample digest has a group');
    group.topicName = '@everyone [x](http://evil)';
    group.entries = [{ title: '<@&1> **bold**', url: 'javascript:x', source: '@here', publishedAt: null, score: 1 }];
    const [part] = renderDiscordDigest(digest);
    if (part === undefined) throw new Error('one part');
    expectDefusedDiscord(discordTexts(part));
  });
});

describe('renderDiscordNotice', () => {
  it('escapes and defuses quoted feed names', () => {
    const notice = renderDiscordNotice('Feed "@everyone [x](http://evil)" failed');
    expectDefusedDiscord(discordTexts(notice));
    expect(notice.allowed_mentions).toEqual({ parse: [] });
  });
});
