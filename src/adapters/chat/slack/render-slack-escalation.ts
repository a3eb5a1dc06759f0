import { describeSurge, timelineTime, type Escalation, type SurgeMention } from '../../../core/surge.js';
import { context, section, SLACK_LIMITS, type SlackMessage } from './slack-message.js';
import { fitSlackText, slackLink } from './slack-text.js';

const TITLE_MAX = 300;
const NAME_MAX = 100;

/**
 * The mention token of the channel's configured escalation mention. The ids come from the YAML, checked there
 * (a user group id is S and capitals or digits), never from a feed.
 */
export function slackMention(mention: SurgeMention | null): string {
  if (mention === null) return '';
  if (mention.kind === 'here') return '<!here>';
  if (mention.kind === 'everyone') return '<!everyone>';
  return /^S[A-Z0-9]+$/.test(mention.id) ? `<!subteam^${mention.id}>` : '';
}

/**
 * Renders a story's escalation: the "Developing" line with the configured mention (the only mention the message
 * can hold: headline and outlets are escaped), the headline, and the timeline of outlets.
 */
export function renderSlackEscalation(escalation: Escalation): SlackMessage {
  const title = fitSlackText(escalation.title, TITLE_MAX) || '(untitled)';
  const marker = `\ud83d\udd3a *${describeSurge(escalation.surge)}*`;
  const mention = slackMention(escalation.mention);
  const lines = escalation.surge.timeline.map((arrival) => `${timelineTime(arrival.at)} \u00b7 ${fitSlackText(arrival.source, NAME_MAX)}`);
  const more = escalation.surge.outlets - escalation.surge.timeline.length;
  if (more > 0) lines.push(`\u2026and ${more} more`);
  const head = `${mention === '' ? '' : `${mention} `}${marker}: ${slackLink(escalation.url, title)}`;
  return {
    text: `${mention === '' ? '' : `${mention} `}${describeSurge(escalation.surge)}: ${title}`.slice(0, SLACK_LIMITS.fallbackText),
    blocks: [section(head), context(lines.join('\n').slice(0, SLACK_LIMITS.sectionText))],
    broadcast: true,
  };
}
