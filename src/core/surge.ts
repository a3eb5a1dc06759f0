/**
 * Surge escalation: a story many outlets run within minutes of each other is breaking, and its alert is made
 * louder once per channel (a "developing" marker, the channel's configured mention, a timeline of outlets).
 */

/** A story surges when at least `outlets` distinct outlets carried it within `minutes`. */
export interface SurgeRule {
  outlets: number;
  minutes: number;
}

/** The rule a topic has unless its YAML or a chat command says otherwise. */
export const DEFAULT_SURGE_RULE: SurgeRule = { outlets: 4, minutes: 30 };

/** The rule in force for a topic that sets `rule`: its own (null: off), or the default when it sets none. */
export function surgeRuleInForce(rule: SurgeRule | null | undefined): SurgeRule | null {
  return rule === undefined ? { ...DEFAULT_SURGE_RULE } : rule;
}

/** Bounds a rule must keep: two outlets make a follow-up, not a surge; a day is no longer "breaking". */
export const SURGE_LIMITS = { minOutlets: 2, maxOutlets: 50, minMinutes: 1, maxMinutes: 1_440 } as const;

/** Whom a channel's escalation mentions: a group or role of the channel's platform by id, or everyone / here. */
export type SurgeMention = { kind: 'group'; id: string } | { kind: 'here' } | { kind: 'everyone' };

/** One outlet's article of a story, by when newswatch analysed it. */
export interface StoryArrival {
  source: string;
  /** ISO time. */
  at: string;
}

/** A story in surge: how many outlets in how many minutes, and each outlet's first article in that span. */
export interface Surge {
  outlets: number;
  minutes: number;
  /** Oldest first. */
  timeline: StoryArrival[];
}

/** Most outlets a timeline lists; the count above still says how many there were. */
export const MAX_TIMELINE_ENTRIES = 12;

/**
 * The surge a story is in at `now` under `rule`, or null. Each outlet counts once, by its first article within the
 * last `rule.minutes`; the minutes reported run from the first of those to `now` (at least one).
 * Why analysis time and not the feeds' dates: feed dates are often missing, late or in the future, while the time
 * newswatch saw each article is measured the same way for every outlet.
 */
export function findSurge(arrivals: readonly StoryArrival[], rule: SurgeRule, now: Date): Surge | null {
  const windowStart = now.getTime() - rule.minutes * 60_000;
  const firstByOutlet = new Map<string, StoryArrival>();
  for (const arrival of arrivals) {
    const at = Date.parse(arrival.at);
    if (!Number.isFinite(at) || at < windowStart || at > now.getTime()) continue;
    const key = arrival.source.trim().toLowerCase();
    const known = firstByOutlet.get(key);
    if (known === undefined || Date.parse(known.at) > at) firstByOutlet.set(key, arrival);
  }
  if (firstByOutlet.size < rule.outlets) return null;
  const timeline = [...firstByOutlet.values()].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const first = Date.parse(timeline[0]?.at ?? now.toISOString());
  const minutes = Math.max(1, Math.ceil((now.getTime() - first) / 60_000));
  return { outlets: timeline.length, minutes, timeline: timeline.slice(0, MAX_TIMELINE_ENTRIES) };
}

/**
 * The surge of an alert under the rules of its topics: the first rule (topics strongest first) the story meets.
 * Topics with surge turned off (null) do not escalate.
 */
export function findAlertSurge(arrivals: readonly StoryArrival[], rules: readonly (SurgeRule | null)[], now: Date): Surge | null {
  for (const rule of rules) {
    if (rule === null) continue;
    const surge = findSurge(arrivals, rule, now);
    if (surge !== null) return surge;
  }
  return null;
}

/** The marker an escalated alert carries: "Developing: 5 outlets in 12 min". */
export function describeSurge(surge: Pick<Surge, 'outlets' | 'minutes'>): string {
  return `Developing: ${surge.outlets} outlets in ${surge.minutes} min`;
}

/** "14:05 UTC" for a timeline line. */
export function timelineTime(at: string): string {
  const date = new Date(at);
  return Number.isFinite(date.getTime()) ? `${date.toISOString().slice(11, 16)} UTC` : at;
}

/** A surge rule as the YAML and `/topic surge` write it: "4 outlets in 30 min", or "off". */
export function describeSurgeRule(rule: SurgeRule | null): string {
  return rule === null ? 'off' : `${rule.outlets} outlets in ${rule.minutes} min`;
}

/** A story's escalation in one channel: posted once, into the story's thread and to the channel. */
export interface Escalation {
  channelId: string;
  storyId: string;
  /** The story's headline as the alert gives it: untrusted feed text. */
  title: string;
  url: string | null;
  surge: Surge;
  /** Null: nobody is mentioned. */
  mention: SurgeMention | null;
}
