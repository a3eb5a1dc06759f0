/**
 * English news sentence splitting: rules over the word before a terminator and the word after it,
 * tuned for newswire prose (titles, initials, dotted acronyms, dates, quotations).
 */

/** Abbreviations that are never followed by a sentence boundary (titles placed before a name, e.g.). */
const NEVER_FINAL = new Set([
  'Mr', 'Mrs', 'Ms', 'Messrs', 'Mmes', 'Mme', 'Mlle', 'Dr', 'Drs', 'Prof', 'Profs', 'Sen', 'Sens', 'Rep', 'Reps',
  'Gov', 'Govs', 'Lt', 'Gen', 'Col', 'Maj', 'Capt', 'Cmdr', 'Cdr', 'Adm', 'Sgt', 'Cpl', 'Pvt', 'Brig', 'Rev',
  'Hon', 'Pres', 'Supt', 'Det', 'Insp', 'Fr', 'Sr', 'Gens', 'Atty', 'Amb', 'Mt', 'Ft', 'Pt', 'vs', 'v', 'cf',
  'e.g', 'i.e', 'viz', 'approx', 'Ste', 'Sta', 'Nos', 'Vol', 'Vols', 'Ch', 'Fig', 'fig', 'Figs', 'pp', 'Op',
]);

/**
 * Abbreviations that may also end a sentence ("Apple Inc. The company..."): a boundary only when the next
 * word is one that typically starts a sentence.
 */
const MAYBE_FINAL = new Set([
  'St', 'Co', 'Cos', 'Corp', 'Inc', 'Ltd', 'Plc', 'LLC', 'Bros', 'Jr', 'Sr', 'etc', 'al', 'Ave', 'Blvd', 'Rd',
  'Dept', 'Univ', 'Assn', 'Jan', 'Feb', 'Mar', 'Apr', 'Jun', 'Jul', 'Aug', 'Sep', 'Sept', 'Oct', 'Nov', 'Dec',
  'No', 'Ala', 'Ariz', 'Ark', 'Calif', 'Colo', 'Conn', 'Del', 'Fla', 'Ga', 'Ill', 'Ind', 'Kan', 'Kans', 'Ky',
  'La', 'Md', 'Mass', 'Mich', 'Minn', 'Miss', 'Mo', 'Mont', 'Neb', 'Nev', 'Okla', 'Ore', 'Pa', 'Penn', 'Tenn',
  'Tex', 'Vt', 'Va', 'Wash', 'Wis', 'Wyo', 'est', 'min', 'max', 'cent', 'tel', 'ext', 'gov', 'govt',
]);

/** Words that typically open a sentence; after an ambiguous abbreviation they signal a boundary. */
const SENTENCE_STARTERS = new Set([
  'a', 'an', 'the', 'he', 'she', 'it', 'they', 'we', 'i', 'you', 'his', 'her', 'its', 'their', 'our', 'my',
  'this', 'that', 'these', 'those', 'there', 'here', 'but', 'and', 'or', 'so', 'yet', 'in', 'on', 'at', 'for',
  'with', 'as', 'after', 'before', 'when', 'while', 'if', 'although', 'though', 'however', 'meanwhile', 'still',
  'also', 'now', 'then', 'some', 'many', 'most', 'all', 'one', 'two', 'last', 'earlier', 'later', 'according',
  'since', 'by', 'from', 'what', 'who', 'why', 'how', 'where', 'during', 'until', 'under', 'officials', 'police',
  'both', 'each', 'such', 'other', 'another', 'several', 'more', 'no', 'not', 'instead', 'because', 'to',
]);

/** Characters that may close a sentence after its terminator (quotation marks, brackets). */
const CLOSERS = `"'”’»)]`;
/** Characters that may open a sentence before its first word. */
const OPENERS = `"'“‘«([`;

const BOUNDARY = /[.?!…]/g;
/**
 * Whitespace that flattening turns into one space: runs of two or more and single characters other than a
 * space. Single spaces are left alone, so already flat text is not rebuilt.
 */
const IRREGULAR_WHITESPACE = /\s{2,}|[^\S ]/g;
const TERMINATORS = '.?!…';
/** What ends the word before a terminator: a space, an opening quotation mark or a bracket. */
const WORD_SEPARATORS = ` "'“‘«([`;

/**
 * Splits English news text into sentences.
 * Why: summaries, quote attribution and match evidence all work sentence by sentence, and newswire text is
 * full of periods that do not end sentences (Mr., U.S., Jan. 5, J. Smith, 3.5).
 * Closing quotation marks stay with the sentence they end; blank lines always end a sentence.
 */
export function splitSentences(text: string): string[] {
  const cached = recent.get(text);
  if (cached) return [...cached];
  const sentences = splitUncached(text);
  // Cleanup, matching, summaries and story fingerprints each split the same paragraphs of one article: remember
  // the last few (too few to carry over between articles, so figures for many articles stay honest).
  if (recent.size >= RECENT_LIMIT) recent.clear();
  recent.set(text, sentences);
  return [...sentences];
}

const RECENT_LIMIT = 64;
const recent = new Map<string, readonly string[]>();

function splitUncached(text: string): string[] {
  const sentences: string[] = [];
  for (const block of text.split(/\n[ \t\r\f\v]*\n/)) {
    const flat = block.replace(IRREGULAR_WHITESPACE, ' ').trim();
    if (flat !== '') splitBlock(flat, sentences);
  }
  return sentences;
}

function splitBlock(text: string, out: string[]): void {
  let start = 0;
  BOUNDARY.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = BOUNDARY.exec(text)) !== null) {
    let end = match.index + 1;
    while (end < text.length && TERMINATORS.includes(text.charAt(end))) end++;
    while (end < text.length && CLOSERS.includes(text.charAt(end))) end++;
    BOUNDARY.lastIndex = end;
    if (text[end] !== ' ') continue;
    let next = end + 1;
    while (next < text.length && OPENERS.includes(text.charAt(next))) next++;
    // The block is flattened, so a word runs to the next space.
    const space = text.indexOf(' ', next);
    const nextWord = text.slice(next, space === -1 ? text.length : space);
    if (!isBoundary(wordBefore(text, start, match.index), text.slice(match.index, end), nextWord)) continue;
    pushSentence(out, text.slice(start, end));
    start = end + 1;
  }
  pushSentence(out, text.slice(start));
}

/**
 * The word that ends right before `end` (after the last space, opening quote or bracket), looking back at most
 * 64 characters and never before `start`: scanning from the end keeps each full stop's cost to its own word.
 */
function wordBefore(text: string, start: number, end: number): string {
  const limit = Math.max(start, end - 64);
  let from = end;
  while (from > limit && !WORD_SEPARATORS.includes(text.charAt(from - 1))) from--;
  return text.slice(from, end);
}

function pushSentence(out: string[], sentence: string): void {
  const trimmed = sentence.trim();
  if (/[\p{L}\p{N}]/u.test(trimmed)) out.push(trimmed);
  else if (trimmed !== '' && out.length > 0) out[out.length - 1] += ` ${trimmed}`;
}

/** Decides whether a terminator ends a sentence, from the word before it and the word after it. */
function isBoundary(word: string, terminator: string, nextWord: string): boolean {
  const first = nextWord.charAt(0);
  if (first === '') return false;
  // A lower-case continuation ("U.S. officials", "“Why?” he asked") never starts a new sentence.
  if (/\p{Ll}/u.test(first)) return false;
  if (!/[\p{Lu}\p{N}]/u.test(first)) return false;
  const mark = terminator.charAt(0);
  if (mark !== '.' || terminator.startsWith('..')) return true;

  if (word === '') return true;
  const bare = word.replace(/^[^\p{L}\p{N}]+/u, '');
  const startsSentence = SENTENCE_STARTERS.has(stripWord(nextWord));

  if (NEVER_FINAL.has(bare)) return false;
  if (MAYBE_FINAL.has(bare)) return startsSentence && !/^\p{N}/u.test(nextWord);
  // Dotted acronyms and times: U.S, U.K, a.m, p.m, Ph.D.
  if (/^(?:\p{L}{1,2}\.)+\p{L}{1,2}$/u.test(bare)) return startsSentence;
  // An initial ("J. Smith", "George W. Bush"), or a letter ending a sentence ("plan B. The rest").
  if (/^\p{Lu}$/u.test(bare)) return startsSentence;
  return true;
}

function stripWord(word: string): string {
  return word.replace(/[^\p{L}\p{N}']+$/u, '').replace(/^[^\p{L}\p{N}]+/u, '').toLowerCase();
}
