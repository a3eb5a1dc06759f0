import type { TopicDefinition } from '../topics/topic-definition.js';
import { compileTopics, matchTopics } from '../topics/topic-index.js';

/** An analysed article of the last days, as the state store keeps it. */
export interface RecentArticle {
  key: string;
  feedId: string;
  source: string;
  title: string;
  url: string | null;
  publishedAt: string | null;
  analyzedAt: string;
  /** Clean paragraphs joined by blank lines. */
  text: string;
}

/** An article a query matched, with why. */
export interface QueryHit {
  article: RecentArticle;
  score: number;
  terms: string[];
  evidence: string[];
}

/**
 * Runs one topic definition over stored articles exactly as the pipeline would match it, so `/topic test` shows
 * what a query would have alerted on. Best score first, then the most recent.
 */
export function findQueryHits(definition: TopicDefinition, articles: readonly RecentArticle[]): QueryHit[] {
  const index = compileTopics([definition]);
  const hits: QueryHit[] = [];
  for (const article of articles) {
    const paragraphs = article.text.split(/\n{2,}/).filter((paragraph) => paragraph.trim() !== '');
    const match = matchTopics(index, { title: article.title, paragraphs })[0];
    if (match) hits.push({ article, score: match.score, terms: match.terms, evidence: match.evidence });
  }
  return hits.sort((a, b) => b.score - a.score || (a.article.analyzedAt < b.article.analyzedAt ? 1 : a.article.analyzedAt > b.article.analyzedAt ? -1 : 0));
}
