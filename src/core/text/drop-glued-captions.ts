import { splitSentences } from './split-sentences.js';

/** Words that open a sentence, and so begin the body text after a glued caption. */
const OPENER = '(?:The|An|His|Her|Its|Their|This|These|Those|He|She|It|They|We|But|After|When|Police|Officials)';

/**
 * A sentence opener glued to a lower-case word with no punctuation between them: "… than a colleague The
 * cost of divorce …". In flattened page text this is where an image caption ran into the next sentence.
 */
const GLUE = new RegExp(
  `(?<=(?:^|\\s)\\(?[\\p{Ll}\\p{N}][\\p{Ll}\\p{N}%’'-]*[)”"’']?)\\s+(?=${OPENER}\\s+["“‘']?\\p{Ll})`,
  'gu',
);

// What GLUE needs, without its costly look-behind: a lower-case word's end right before a sentence opener.
// Each hint looks for a space and an opener first and only then looks behind, which few places get to.
const GLUE_HINT = new RegExp(`\\s${OPENER}(?<=[\\p{Ll}\\p{N})”"’']\\s+${OPENER})\\s+["“‘']?\\p{Ll}`, 'u');

// Everything GLUE's look-behind can end in (a word's last character or a closer) before a sentence opener: a
// sentence without this cannot hold a GLUE match, so the look-behind is tried only in the few that have it.
const GLUE_POSSIBLE = new RegExp(`\\s${OPENER}(?<=[\\p{Ll}\\p{N}%’'\\-)”"]\\s+${OPENER})\\s+["“‘']?\\p{Ll}`, 'u');

/** Page prompts that open a sentence in flattened text ("Scroll down for video A mother was …"). */
const LEADING_PROMPT = /^(?:scroll down (?:for|to see) (?:the )?(?:video|more|pictures|photos)s?|watch the video|video)\b[\s:.-]+/i;

/**
 * Removes image captions that flattening glued onto the start of a sentence, and leading page prompts.
 * Why: a caption with no full stop of its own reads as the opening words of the body sentence after it, and
 * so turns up in summaries and evidence.
 */
export function dropGluedCaptions(paragraph: string): string {
  if (!GLUE_HINT.test(paragraph) && !/scroll|video/i.test(paragraph)) return paragraph;
  const kept: string[] = [];
  for (const sentence of splitSentences(paragraph)) {
    const prompt = LEADING_PROMPT.exec(sentence);
    // The prompt counts only when a capitalised sentence follows it ("Video shows …" is a sentence).
    const unprompted =
      prompt !== null && /^\p{Lu}/u.test(sentence.slice(prompt[0].length)) ? sentence.slice(prompt[0].length) : sentence;
    let start = 0;
    const glued = GLUE_POSSIBLE.test(unprompted) ? unprompted.matchAll(GLUE) : [];
    for (const match of glued) {
      const caption = unprompted.slice(start, match.index);
      // Only a run of three or more words counts as a caption: shorter ones may be a name or a label.
      if (caption.trim().split(/\s+/).length >= 3) start = match.index + match[0].length;
    }
    const rest = unprompted.slice(start).trim();
    if (rest !== '') kept.push(rest);
  }
  return kept.join(' ');
}
