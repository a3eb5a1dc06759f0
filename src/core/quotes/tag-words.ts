import winkNLP from 'wink-nlp';
import type { WinkMethods } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

let tagger: WinkMethods | null = null;
/** Tags of phrases seen before: descriptors repeat within an article and across a feed's articles. */
const seen = new Map<string, string[]>();
const MAX_SEEN = 2000;

/**
 * Universal part-of-speech tags ("NOUN", "ADJ", "VERB", …) of a few words, tagged as one short phrase.
 * Why: a lower-case descriptor before a name ("interior ministry spokeswoman Parisa Nouri") is told from a
 * clause ("the court fined lawyer …") by its parts of speech, which no word list covers. Callers pass only the
 * handful of words around an attribution, never a whole article, so the cost stays small; the tagger is
 * built on first use and its answers are remembered (a bounded memo: the same words always get the same tags).
 */
export function tagWords(words: readonly string[]): string[] {
  const key = words.join(' ');
  const known = seen.get(key);
  if (known !== undefined) return known;
  tagger ??= winkNLP(model, ['pos']);
  const out = tagger.readDoc(key).tokens().out(tagger.its.pos);
  // The tagger may split a word ("ministry’s" → "ministry", "’s"); tags then no longer line up, so none are trusted.
  const tags = out.length === words.length ? out : [];
  if (seen.size >= MAX_SEEN) seen.clear();
  seen.set(key, tags);
  return tags;
}
