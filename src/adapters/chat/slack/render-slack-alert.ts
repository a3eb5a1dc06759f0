import type { Alert } from '../../../core/alert.js';
import type { Quote } from '../../../core/analysis.js';
import { describeSurge } from '../../../core/surge.js';
import { context, section, SLACK_LIMITS, type SlackBlock, type SlackMessage } from './slack-message.js';
import { cleanInline, fitSlackText, slackDate, slackLink } from './slack-text.js';

export interface SlackAlertOptions {
  /** Marks the message as a follow-up even when the alert does not say so (a reply that cannot be threaded). */
  followUp?: boolean;
}

const TITLE_MAX = 500;
const QUOTE_MAX = 600;
const NAME_MAX = 150;
// The evidence sentence under a topic: one sentence, cut if a page gave a run-on one.
const EVIDENCE_MAX = 300;
const SOURCES_SHOWN = 5;

/** The 1–3 quotes an alert shows: highest score first, empty ones dropped. */
function pickKeyQuotes(quotes: readonly Quote[], count = 3): Quote[] {
  return quotes
    .filter((quote) => cleanInline(quote.text) !== '')
    .sort((a, b) => b.score - a.score)
    .slice(0, count);
}

function renderQuote(quote: Quote): string {
  const lines = [`>\u201c${fitSlackText(quote.text, QUOTE_MAX)}\u201d`];
  const speaker = quote.speaker === null ? '' : fitSlackText(quote.speaker, NAME_MAX);
  const role = quote.role === null ? '' : fitSlackText(quote.role, NAME_MAX);
  if (speaker !== '') lines.push(`>\u2014 *${speaker}*${role === '' ? '' : `, ${role}`}`);
  else if (role !== '') lines.push(`>\u2014 ${role}`);
  return lines.join('\n');
}

function renderTopics(alert: Alert): string | null {
  if (alert.topics.length === 0) return null;
  const lines = alert.topics.map((topic) => {
    const terms = topic.terms
      .map((term) => fitSlackText(term, 80))
      .filter((term) => term !== '')
      .map((term) => `\u201c${term}\u201d`);
    const name = fitSlackText(topic.name, NAME_MAX) || fitSlackText(topic.id, NAME_MAX);
    const evidence = topic.evidence === undefined ? '' : fitSlackText(topic.evidence, EVIDENCE_MAX);
    const line = `\u2022 *${name}*${terms.length > 0 ? ` \u2014 matched ${terms.join(', ')}` : ''}`;
    return evidence === '' ? line : `${line}\n      \u201c${evidence}\u201d`;
  });
  return fitLines(['*Why it matched*', ...lines], SLACK_LIMITS.sectionText);
}

function renderOtherSources(sources: readonly string[]): string | null {
  const names = sources.map((source) => fitSlackText(source, 80)).filter((name) => name !== '');
  if (names.length === 0) return null;
  const shown = names.slice(0, SOURCES_SHOWN).join(', ');
  const rest = names.length > SOURCES_SHOWN ? ', \u2026' : '';
  return `+${names.length} more source${names.length === 1 ? '' : 's'}: ${shown}${rest}`;
}

/** Joins whole lines while they fit in `max` characters; a line that does not fit ends the list with "…". */
function fitLines(lines: readonly string[], max: number, separator = '\n'): string {
  let out = '';
  for (const line of lines) {
    const next = out === '' ? line : `${out}${separator}${line}`;
    if (next.length > max) return out !== '' && out.length + 2 <= max ? `${out}\n\u2026` : out;
    out = next;
  }
  return out;
}

/**
 * Renders an alert as Block Kit blocks with a plain fallback `text`: the headline linked to the article, source
 * and time, the summary, why it matched, up to three key quotes with speakers, and the other outlets. All alert
 * strings are escaped; every section stays within Slack's limits.
 */
export function renderSlackAlert(alert: Alert, options: SlackAlertOptions = {}): SlackMessage {
  const followUp = options.followUp === true || alert.followUpOf !== null;
  const title = fitSlackText(alert.title, TITLE_MAX) || '(untitled)';
  const source = fitSlackText(alert.source, NAME_MAX);
  const blocks: SlackBlock[] = [];

  if (alert.developing !== undefined) blocks.push(context(`\ud83d\udd3a *${describeSurge(alert.developing)}*`));
  if (followUp) blocks.push(context('\u21aa *Follow-up* on a story already posted here'));
  blocks.push(section(`*${slackLink(alert.url, title)}*`));
  const meta = [source, slackDate(alert.publishedAt)].filter((part): part is string => part !== null && part !== '');
  if (meta.length > 0) blocks.push(context(meta.join(' \u00b7 ')));

  const summary = fitSlackText(alert.summary.join(' '), SLACK_LIMITS.sectionText);
  if (summary !== '') blocks.push(section(summary));

  const topics = renderTopics(alert);
  if (topics !== null) blocks.push(section(topics));

  const quotes = pickKeyQuotes(alert.quotes).map(renderQuote);
  if (quotes.length > 0) blocks.push(section(fitLines(quotes, SLACK_LIMITS.sectionText, '\n\n')));

  const others = renderOtherSources(alert.otherSources);
  if (others !== null) blocks.push(context(others));

  const topicNames = alert.topics.map((topic) => cleanInline(topic.name)).filter((name) => name !== '');
  const fallback = [
    followUp ? 'Follow-up: ' : '',
    cleanInline(alert.title) || '(untitled)',
    alert.source.trim() === '' ? '' : ` \u2014 ${cleanInline(alert.source)}`,
    topicNames.length > 0 ? ` [${topicNames.join(', ')}]` : '',
  ].join('');
  return { text: fitSlackText(fallback, SLACK_LIMITS.fallbackText), blocks };
}
