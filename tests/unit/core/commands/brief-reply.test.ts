import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../../src/core/alert.js';
import type { LoggedAlert } from '../../../../src/core/brief/build-brief.js';
import { replyToText } from '../../../../src/core/commands/command.js';
import { executeCommand } from '../../../../src/core/commands/execute-command.js';
import { parseCommandOptions, parseCommandText } from '../../../../src/core/commands/parse-command.js';
import { context, EMPTY, NOW, standing } from './standing.js';

function logged(storyId: string, source: string, otherSources: string[], score: number, quoteText = 'Tankers keep their distance from the strait'): LoggedAlert {
  const alert: Alert = {
    articleKey: `${storyId}:${source}`,
    channelId: 'analysts',
    title: `Tanker traffic slows near Hormuz (${storyId})`,
    url: `https://${source.toLowerCase()}.example.test/${storyId}`,
    source,
    publishedAt: new Date(NOW.getTime() - 3_600_000).toISOString(),
    topics: [{ id: 'gulf', name: 'Gulf', score, terms: ['hormuz'] }],
    summary: [`Story ${storyId} in one sentence.`],
    quotes: [{ text: quoteText, speaker: 'Rana Idris', role: 'shipping analyst', score: 0.7 }],
    storyId,
    otherSources,
    followUpOf: null,
  };
  return { alert, createdAt: new Date(NOW.getTime() - 3_600_000).toISOString() };
}

function brief(text: string, alertLog: readonly LoggedAlert[]) {
  const parsed = parseCommandText('/newswatch', text);
  if (!parsed.ok) throw new Error(parsed.mistake.error);
  return executeCommand(parsed.command, { ...context(), commandText: `/newswatch ${text}` }, { now: NOW, standing: standing(), live: EMPTY, alertLog });
}

describe('/newswatch brief', () => {
  it('replies to the caller only with the top stories, the story most outlets carry first', () => {
    const outcome = brief('brief gulf 24h', [logged('one', 'Wire', [], 0.9), logged('wide', 'Herald', ['Wire', 'Courier'], 0.5)]);
    expect(outcome.change).toBeNull();
    expect(outcome.audit).toBeNull();
    expect(outcome.reply.ephemeral).toBe(true);
    expect(replyToText(outcome.reply)).toBe(
      [
        'Gulf: 2 stories since 2024-04-30 10:00 UTC',
        '1. Tanker traffic slows near Hormuz (wide) (3 outlets)',
        'Story wide in one sentence.',
        '“Tankers keep their distance from the strait” (Rana Idris, shipping analyst)',
        'Outlets: Herald, Wire, Courier · read',
        '2. Tanker traffic slows near Hormuz (one) (1 outlet)',
        'Story one in one sentence.',
        '“Tankers keep their distance from the strait” (Rana Idris, shipping analyst)',
        'Outlets: Wire · read',
      ].join('\n'),
    );
    expect(outcome.reply.lines[3]?.[1]).toEqual({ link: 'https://herald.example.test/wide', label: 'read' });
  });

  it('ends at a whole story within the message budget and counts the rest', () => {
    const long = 'a long quote '.repeat(15).trim();
    const log = Array.from({ length: 8 }, (_, index) => logged(`s${index}`, 'Wire', [], 0.9 - index * 0.05, long));
    const text = replyToText(brief('brief gulf', log).reply);
    expect(text.length).toBeLessThan(1_600);
    const shown = text.match(/^\d+\. /gm)?.length ?? 0;
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(8);
    expect(text.endsWith(`\n…and ${8 - shown} more`)).toBe(true);
  });

  it('says when the window holds nothing, and names the known topics for an unknown one', () => {
    expect(replyToText(brief('brief sanctions 6h', []).reply)).toBe('Sanctions: 0 stories since 2024-05-01 04:00 UTC\nNo alerts on this topic in the last 6h.');
    const unknown = brief('brief hormuz', []);
    expect(unknown.reply.ephemeral).toBe(true);
    expect(replyToText(unknown.reply)).toContain('there is no topic "hormuz"; the topics are: sanctions, gulf');
  });

  it('posts to the channel when asked with `public`, after SINCE or in its place, and from Discord’s true/false option', () => {
    const log = [logged('s1', 'Wire', [], 0.8)];
    expect(brief('brief gulf 6h', log).reply.ephemeral).toBe(true);
    expect(brief('brief gulf 6h public', log).reply.ephemeral).toBe(false);
    const flagOnly = brief('brief gulf public', log);
    expect(flagOnly.reply.ephemeral).toBe(false);
    expect(flagOnly.reply.title).toContain('since 2024-04-30 10:00 UTC');
    expect(parseCommandOptions('newswatch', 'brief', { topic: 'gulf', public: 'true' })).toMatchObject({ ok: true, command: { public: true, sinceText: '24h' } });
    expect(parseCommandOptions('newswatch', 'brief', { topic: 'gulf', since: '6h', public: 'false' })).toMatchObject({ ok: true, command: { public: false } });
    const wrong = parseCommandText('/newswatch', 'brief gulf 6h loudly');
    expect(wrong.ok ? null : wrong.mistake.error).toBe('expected "public" or nothing after SINCE (found "loudly")');
  });

  it('reads the same from Discord options, and refuses a window that is not a duration', () => {
    const parsed = parseCommandOptions('newswatch', 'brief', { topic: 'gulf', since: '2d' });
    expect(parsed).toMatchObject({ ok: true, command: { kind: 'newswatch.brief', topic: 'gulf', sinceMs: 2 * 86_400_000 } });
    const bad = parseCommandText('/newswatch', 'brief gulf yesterday');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.mistake.error).toBe('SINCE must be a duration from 1m to 366d such as 6h or 2d (found "yesterday")');
  });
});
