import { describe, expect, it } from 'vitest';
import { renderDiscordNotice } from '../../../src/adapters/chat/discord/render-discord-notice.js';
import { renderSlackNotice } from '../../../src/adapters/chat/slack/render-slack-notice.js';
import { quoteInNotice } from '../../../src/core/notice-text.js';

/** The pause notice's shape: newswatch's own code span, around a feed name that tries to open one of its own. */
const notice = `Feed ${quoteInNotice('"Evil `@everyone` <!channel> *x*" (wire)')} is paused.\nRun \`newswatch feeds resume wire\` to resume it now.`;

describe('admin notices keep their own backticks and neutralise quoted ones', () => {
  it('Slack: the command is code, the quoted name stays inert', () => {
    const text = renderSlackNotice(notice).text;
    expect(text).toContain('`newswatch feeds resume wire`');
    expect(text).not.toContain('ˋnewswatch');
    expect(text).toContain('"Evil ˋ@\u200beveryoneˋ &lt;!channel&gt; ∗x∗" (wire)');
    expect(text.match(/`/g)).toHaveLength(2);
  });

  it('Discord: the command is code, the quoted name stays inert', () => {
    const content = renderDiscordNotice(notice).content ?? '';
    expect(content).toContain('Run `newswatch feeds resume wire` to resume it now.');
    expect(content).not.toContain('\\`');
    expect(content).toContain('ˋ@\u200beveryoneˋ');
    expect(content.match(/`/g)).toHaveLength(2);
  });
});
