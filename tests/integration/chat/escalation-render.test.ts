import { describe, expect, it } from 'vitest';
import { renderDiscordEscalation } from '../../../src/adapters/chat/discord/index.js';
import { renderSlackEscalation } from '../../../src/adapters/chat/slack/index.js';
import type { Escalation } from '../../../src/core/surge.js';
import { discordTexts, expectDefusedDiscord, expectDefusedSlack, slackTexts } from './defused.js';
import { hostileAlert } from './sample-alerts.js';

// An escalation carries exactly the mention the channel's YAML configured; the headline and the outlets come from
// feeds and stay inert, however they are written.
const hostile = hostileAlert();
const escalation = (mention: Escalation['mention']): Escalation => ({
  channelId: 'desk',
  storyId: 'story-1',
  title: hostile.title,
  url: hostile.url,
  surge: { outlets: 3, minutes: 9, timeline: hostile.otherSources.map((source, index) => ({ source, at: `2025-05-06T09:0${index}:00Z` })) },
  mention,
});

describe('escalation rendering', () => {
  it('Slack: the configured user group, @here or nobody, and feed text defused', () => {
    const group = renderSlackEscalation(escalation({ kind: 'group', id: 'S0GULFDESK' }));
    expect(group.text.startsWith('<!subteam^S0GULFDESK> Developing: 3 outlets in 9 min: ')).toBe(true);
    expect(group.broadcast).toBe(true);
    const rest = slackTexts(group).map((text) => text.replace('<!subteam^S0GULFDESK> ', ''));
    expectDefusedSlack(rest);
    expect(renderSlackEscalation(escalation({ kind: 'here' })).text.startsWith('<!here> ')).toBe(true);
    const none = renderSlackEscalation(escalation(null));
    expect(none.text.startsWith('Developing: 3 outlets in 9 min: ')).toBe(true);
    expectDefusedSlack(slackTexts(none));
    expect(JSON.stringify(none.blocks)).toContain('09:02 UTC');
  });

  it('Discord: allowed_mentions lets through the configured role or @everyone only, and feed text is defused', () => {
    const role = renderDiscordEscalation(escalation({ kind: 'group', id: '1300000000000000099' }));
    expect(role.content).toBe('<@&1300000000000000099> \ud83d\udd3a **Developing: 3 outlets in 9 min**');
    expect(role.allowed_mentions).toEqual({ parse: [], roles: ['1300000000000000099'] });
    expectDefusedDiscord(discordTexts({ ...role, content: '' }));
    const everyone = renderDiscordEscalation(escalation({ kind: 'everyone' }));
    expect(everyone.content?.startsWith('@everyone ')).toBe(true);
    expect(everyone.allowed_mentions).toEqual({ parse: ['everyone'] });
    const none = renderDiscordEscalation(escalation(null));
    expect(none.allowed_mentions).toEqual({ parse: [] });
    expectDefusedDiscord(discordTexts(none));
  });
});
