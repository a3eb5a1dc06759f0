/**
 * A watch topic: a query in the topic query language (docs/query-language.md) and how strictly to apply it.
 */
export interface TopicDefinition {
  id: string;
  name: string;
  query: string;
  /** Relevance threshold in [0, 1]: the topic fires only when its query matches and the score reaches it. */
  minScore?: number;
  /** English inflection (sanction, sanctions, sanctioned match each other); on unless false. */
  stemming?: boolean;
  /** Synonym groups: any member matches any other; members of several words match as phrases. */
  aliases?: string[][];
}

/**
 * Default minScore: one mention in the title or the lead reaches it, as do two in the first half of the body;
 * one passing mention in the body, or a few in closing background paragraphs, do not.
 */
export const DEFAULT_MIN_SCORE = 0.45;
