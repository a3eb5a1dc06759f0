/** A direct quote: the words inside the quotation marks, who said them, and how relevant they are. */
export interface Quote {
  text: string;
  speaker: string | null;
  role: string | null;
  /** Relevance in [0, 1]; higher first when an alert picks its key quotes. */
  score: number;
}

/** Why an article matched a topic: the score, the terms that occurred, the sentences that hold them. */
export interface TopicMatch {
  topic: string;
  score: number;
  terms: string[];
  /** The same terms, strongest evidence first (title and lead outweigh closing mentions); set when any occurred. */
  strongest?: string[];
  evidence: string[];
}

/** A cleaned article: title, paragraphs without page furniture, and the text they make up. */
export interface CleanDocument {
  title: string;
  paragraphs: string[];
  text: string;
}

/** Everything the analysis finds in one article. */
export interface Analysis {
  title: string;
  text: string;
  summary: string[];
  quotes: Quote[];
  matches: TopicMatch[];
  /** Near-duplicate fingerprint of title and lead, for grouping one story across outlets. */
  fingerprint: string;
}
