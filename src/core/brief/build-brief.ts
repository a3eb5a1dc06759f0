import type { Alert } from '../alert.js';

/** An alert as the alert log keeps it: what was alerted and when it was recorded. */
export interface LoggedAlert {
  alert: Alert;
  createdAt: string;
}

/** A quote a brief shows: always with its speaker, since an unattributed quote says little on its own. */
export interface BriefQuote {
  text: string;
  speaker: string;
  role: string | null;
}

/** One story in a brief, however many articles, rewrites and channels carried it. */
export interface BriefEntry {
  storyId: string;
  title: string;
  /** The first summary sentence of the story's most relevant article, or null when it had none. */
  summary: string | null;
  quote: BriefQuote | null;
  /** Every outlet seen carrying the story, the most relevant article's outlet first. */
  outlets: string[];
  url: string | null;
  /** The story's best relevance score for the topic. */
  score: number;
  /** When the story was last published or alerted. */
  latestAt: string;
}

/** The top stories on one topic in a window. */
export interface Brief {
  topic: { id: string; name: string };
  since: string;
  until: string;
  entries: BriefEntry[];
  /** Stories in the window, shown or not. */
  total: number;
}

export interface BriefOptions {
  topic: { id: string; name: string };
  since: string;
  now: Date;
  /** Stories to keep; the rest only count towards `total`. */
  limit: number;
}

interface StoryAlert {
  alert: Alert;
  score: number;
  at: string;
}

/**
 * The top stories on a topic from the alert log: one entry per story (an alert is logged once per channel and
 * each rewrite is its own alert), ranked by distinct outlets, then relevance, then recency, since a story many
 * outlets carry is what an analyst asks about first.
 */
export function buildBrief(logged: readonly LoggedAlert[], options: BriefOptions): Brief {
  const since = Date.parse(options.since);
  const until = options.now.getTime();
  const stories = new Map<string, StoryAlert[]>();
  for (const { alert, createdAt } of logged) {
    const recordedAt = Date.parse(createdAt);
    if (recordedAt < since || recordedAt > until) continue;
    const match = alert.topics.find((topic) => topic.id === options.topic.id);
    if (!match) continue;
    const at = alert.publishedAt !== null && Date.parse(alert.publishedAt) <= until ? alert.publishedAt : createdAt;
    const group = stories.get(alert.storyId) ?? [];
    group.push({ alert, score: match.score, at });
    stories.set(alert.storyId, group);
  }
  const entries = [...stories.entries()].map(([storyId, group]) => describeStory(storyId, group));
  entries.sort(
    (a, b) => b.outlets.length - a.outlets.length || b.score - a.score || Date.parse(b.latestAt) - Date.parse(a.latestAt) || a.storyId.localeCompare(b.storyId),
  );
  return {
    topic: options.topic,
    since: new Date(since).toISOString(),
    until: options.now.toISOString(),
    entries: entries.slice(0, Math.max(0, options.limit)),
    total: entries.length,
  };
}

function describeStory(storyId: string, group: readonly StoryAlert[]): BriefEntry {
  // the most relevant article speaks for the story; the earliest wins a tie, as the original report
  const ranked = [...group].sort((a, b) => b.score - a.score || Date.parse(a.at) - Date.parse(b.at));
  const lead = ranked[0] as StoryAlert;
  const outlets: string[] = [];
  const seen = new Set<string>();
  for (const { alert } of ranked) {
    for (const outlet of [alert.source, ...alert.otherSources]) {
      const key = outlet.trim().toLowerCase();
      if (key === '' || seen.has(key)) continue;
      seen.add(key);
      outlets.push(outlet.trim());
    }
  }
  return {
    storyId,
    title: lead.alert.title,
    summary: ranked.map(({ alert }) => alert.summary[0]).find((line) => line !== undefined && line.trim() !== '') ?? null,
    quote: bestQuote(ranked),
    outlets,
    url: ranked.map(({ alert }) => alert.url).find((url) => url !== null) ?? null,
    score: lead.score,
    latestAt: group.reduce((latest, { at }) => (Date.parse(at) > Date.parse(latest) ? at : latest), lead.at),
  };
}

/** The highest-scoring quote with a speaker among the story's alerts; the more relevant article wins a tie. */
function bestQuote(ranked: readonly StoryAlert[]): BriefQuote | null {
  let best: { quote: BriefQuote; score: number } | null = null;
  for (const { alert } of ranked) {
    for (const quote of alert.quotes) {
      if (quote.speaker === null || quote.speaker.trim() === '') continue;
      if (best === null || quote.score > best.score) best = { quote: { text: quote.text, speaker: quote.speaker, role: quote.role }, score: quote.score };
    }
  }
  return best?.quote ?? null;
}
