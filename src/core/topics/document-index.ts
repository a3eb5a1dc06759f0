import { splitSentences } from '../text/split-sentences.js';
import { normalizeWord } from './compile-query.js';
import { MIN_PREFIX_LENGTH } from './parse-query.js';
import { tokenizeWords, type WordToken } from './tokenize-words.js';

/** How much one occurrence counts, by where it is: the title and the lead say what an article is about. */
export const TITLE_WEIGHT = 3;
export const LEAD_WEIGHT = 2;
/** Body weight falls linearly from 1 at the start of the body to this at its end (closing background). */
export const LAST_BODY_WEIGHT = 0.25;
/** The lead: this many first sentences of the first paragraph. */
export const LEAD_SENTENCES = 2;
/** Words a paragraph needs to open the lead: fewer is a date, byline or dateline line. */
export const LEAD_MIN_WORDS = 8;
/**
 * Lines that stand before many stories and are not their lead: an update or editor's note ("Updated March 3
 * to add…") and a "source | date | time" line, whose separators and date mark it as page furniture.
 */
const NOT_LEAD = /^(?:updated?\b[^.!?]{0,30}?\d|updated?:|editor['’]?s['’]? note\b|correction:|clarification:)|^(?=[^.!?]*[|•])(?=[^.!?]*(?:\b\d{4}\b|\b\d{1,2}:\d{2}\b))[^.!?]{0,120}$/iu;

/** One word of the article, located. Paragraph -1 is the title. */
export interface DocToken {
  word: string;
  start: number;
  end: number;
  joined: boolean;
  paragraph: number;
  sentence: number;
  weight: number;
  /** Part of a personal name ("al-Kuwaiti"): prefix terms skip it. */
  name: true | undefined;
}

export interface DocSentence {
  text: string;
  paragraph: number;
}

/**
 * An article prepared once for matching against any number of topics: its words with positions, sentences
 * and weights, looked up by word, by stem and by prefix.
 */
export class DocumentIndex {
  readonly tokens: DocToken[] = [];
  readonly sentences: DocSentence[] = [];
  /** Folded word of each part position (compounds split), for phrases. */
  private readonly partWords: string[] = [];
  private readonly partSentences: number[] = [];
  private readonly byWord = new Map<string, number[]>();
  private stemmed: { stems: Map<string, string>; byStem: Map<string, number[]> } | null = null;
  /** Distinct words by their first MIN_PREFIX_LENGTH letters, built on the first prefix lookup. */
  private wordsByHead: Map<string, string[]> | null = null;
  /** Per-article results of leaves, shared by all topics that contain the same leaf. */
  readonly leafCache = new Map<string, unknown>();

  constructor(doc: { title: string; paragraphs: readonly string[] }) {
    const title = doc.title.replace(/\s+/g, ' ').trim();
    this.addSentence(title, tokenizeWords(title), -1, () => TITLE_WEIGHT);
    const paragraphs = doc.paragraphs.map((paragraph) =>
      splitSentences(paragraph).map((text) => ({ text, words: tokenizeWords(text) })),
    );
    // The lead opens the first paragraph of prose: a date, byline or dateline line before it is not the lead
    // (nor an empty paragraph a feed may leave first). Without such a paragraph, the first one with words.
    let bodyParts = 0;
    let prose = -1;
    let firstWithWords = -1;
    paragraphs.forEach((sentences, paragraph) => {
      let parts = 0;
      for (const { words } of sentences) for (const word of words) if (!word.joined) parts++;
      bodyParts += parts;
      if (NOT_LEAD.test(doc.paragraphs[paragraph] ?? '')) return;
      if (parts > 0 && firstWithWords === -1) firstWithWords = paragraph;
      if (parts >= LEAD_MIN_WORDS && prose === -1) prose = paragraph;
    });
    const leadParagraph = prose !== -1 ? prose : firstWithWords;
    const bodyStart = this.partWords.length;
    paragraphs.forEach((sentences, paragraph) => {
      sentences.forEach(({ text, words }, index) => {
        const lead = paragraph === leadParagraph && index < LEAD_SENTENCES;
        this.addSentence(text, words, paragraph, (position) =>
          lead ? LEAD_WEIGHT : bodyWeight((position - bodyStart) / Math.max(bodyParts, 1)),
        );
      });
    });
  }

  /** Distinct folded words of the article (compounds also solid). */
  words(): IterableIterator<string> {
    return this.byWord.keys();
  }

  /** Token indices of a folded word. */
  withWord(word: string): readonly number[] {
    return this.byWord.get(word) ?? [];
  }

  /** The Porter stem of one of the article's folded words (or of any word). */
  stemOf(word: string): string {
    return this.stemIndex().stems.get(word) ?? normalizeWord(word, true);
  }

  /** Token indices of words with this Porter stem. */
  withStem(stem: string): readonly number[] {
    return this.stemIndex().byStem.get(stem) ?? [];
  }

  /** Token indices of words beginning with a folded prefix (of at least MIN_PREFIX_LENGTH letters). */
  withPrefix(prefix: string): number[] {
    if (this.wordsByHead === null) {
      this.wordsByHead = new Map();
      for (const word of this.byWord.keys()) {
        const head = word.slice(0, MIN_PREFIX_LENGTH);
        const list = this.wordsByHead.get(head);
        if (list === undefined) this.wordsByHead.set(head, [word]);
        else list.push(word);
      }
    }
    const found: number[] = [];
    for (const word of this.wordsByHead.get(prefix.slice(0, MIN_PREFIX_LENGTH)) ?? []) {
      if (word.startsWith(prefix)) found.push(...this.withWord(word));
    }
    return found;
  }

  /** The word at a part position (stemmed when asked), or undefined past the end. */
  partAt(position: number, stemmed: boolean): string | undefined {
    const word = this.partWords[position];
    return stemmed && word !== undefined ? this.stemOf(word) : word;
  }

  sentenceAt(position: number): number | undefined {
    return this.partSentences[position];
  }

  /** Each distinct word's stem, and token indices by stem: built once, on the first stem lookup. */
  private stemIndex(): { stems: Map<string, string>; byStem: Map<string, number[]> } {
    if (this.stemmed !== null) return this.stemmed;
    const stems = new Map<string, string>();
    const byStem = new Map<string, number[]>();
    // A stem of one word shares that word's list, which is in order; lists merged from several words are new
    // arrays and need sorting.
    const merged = new Set<number[]>();
    for (const [word, indices] of this.byWord) {
      const stem = normalizeWord(word, true);
      stems.set(word, stem);
      const list = byStem.get(stem);
      if (list === undefined) byStem.set(stem, indices);
      else if (merged.has(list)) list.push(...indices);
      else {
        const joined = [...list, ...indices];
        byStem.set(stem, joined);
        merged.add(joined);
      }
    }
    for (const list of merged) list.sort((a, b) => a - b);
    this.stemmed = { stems, byStem };
    return this.stemmed;
  }

  private addSentence(
    text: string,
    words: readonly WordToken[],
    paragraph: number,
    weightAt: (position: number) => number,
  ): void {
    if (words.length === 0) return;
    const sentence = this.sentences.length;
    this.sentences.push({ text, paragraph });
    const offset = this.partWords.length;
    for (const word of words) {
      const start = offset + word.start;
      const token: DocToken = {
        word: word.word,
        start,
        end: offset + word.end,
        joined: word.joined,
        paragraph,
        sentence,
        weight: weightAt(start),
        name: word.name,
      };
      if (!word.joined) {
        this.partWords.push(word.word);
        this.partSentences.push(sentence);
      }
      const list = this.byWord.get(word.word);
      if (list === undefined) this.byWord.set(word.word, [this.tokens.length]);
      else list.push(this.tokens.length);
      this.tokens.push(token);
    }
  }
}

function bodyWeight(fraction: number): number {
  return 1 - (1 - LAST_BODY_WEIGHT) * Math.min(Math.max(fraction, 0), 1);
}
