import countries from 'world-countries/countries.json' with { type: 'json' };
import { genderOfFirstName, isFirstName } from './first-names.js';
import { ORG_WORDS, TITLE_WORDS } from './lexicon.js';
import { PARTICLES } from './phrase-words.js';

/** Someone (or some body) named in the article, under the name first written in full. */
export interface Person {
  name: string;
  role: string | null;
  gender: 'm' | 'f' | null;
  /** Known to be a person (a full personal name, a title, an honorific), not an organisation or place. */
  person: boolean;
  tokens: string[];
  lastSeen: number;
}

/** Words that begin place names, which look like two-word personal names ("Saudi Arabia", "New Zealand"). */
const PLACE_FIRST = new Set([
  'united', 'new', 'north', 'south', 'east', 'west', 'saudi', 'los', 'san', 'santa', 'las', 'el', 'hong', 'sri',
  'costa', 'puerto', 'sierra', 'great', 'middle', 'central', 'latin', 'rhode', 'fort', 'mount', 'lake', 'cape',
  'st.', 'port', 'palm', 'silicon', 'wall', 'capitol', 'white', 'oval', 'downing', 'ground', 'islamic', 'supreme',
  'federal', 'national', 'democratic', 'republican', 'european', 'american', 'african', 'asian', 'arab',
]);

const TITLE_ALIASES = new Map<string, string[]>([
  ['governor', ['gov.']],
  ['senator', ['sen.']],
  ['representative', ['rep.']],
  ['congressman', ['rep.']],
  ['congresswoman', ['rep.']],
  ['general', ['gen.']],
  ['professor', ['prof.']],
  ['doctor', ['dr.']],
]);

/** The fifty US states (a closed list): they speak in US news ("Texas argued") but are never people. */
const US_STATES = `alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii idaho
illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota mississippi missouri
montana nebraska nevada new_hampshire new_jersey new_mexico new_york north_carolina north_dakota ohio oklahoma oregon
pennsylvania rhode_island south_carolina south_dakota tennessee texas utah vermont virginia washington west_virginia
wisconsin wyoming`;

/**
 * Countries (common and official names, other spellings), their capitals and the world's regions, from the
 * world-countries data set, and the US states: names that speak in news ("Norway insisted") but are never
 * people. Only a whole name is matched, so that "Hamilton" or "Victoria" inside a personal name stays a name.
 */
const PLACES: ReadonlySet<string> = new Set([
  ...countries.flatMap((c) => [c.name.common, c.name.official, ...c.altSpellings, ...c.capital, c.region, c.subregion]),
  ...US_STATES.split(/\s+/u).map((w) => w.replace(/_/gu, ' ')),
].map((n) => n.toLowerCase()).filter((n) => n !== ''));

const nameTokens = (name: string): string[] =>
  name
    .toLowerCase()
    .replace(/['’]s\b/gu, '')
    .split(/\s+/u)
    .filter((w) => w !== '' && !/^\(.*\)$/u.test(w));

/**
 * Whether a name is a person's: not an organisation or place, and a full personal name, or one with a title,
 * an honorific or a known first name, or a single surname-like word that speaks ("Okafor said").
 */
function isPersonal(tokens: readonly string[], name: string, role: string | null, gender: 'm' | 'f' | null, asSpeaker: boolean): boolean {
  const last = tokens[tokens.length - 1] ?? '';
  if (tokens.length === 0 || ORG_WORDS.has(last) || PLACES.has(tokens.join(' ')) || PLACE_FIRST.has(tokens[0] ?? '') || tokens.some((t) => /\d/u.test(t))) return false;
  const words = name.split(/\s+/u);
  // Lower-case words and acronyms ("DNC", "FBI") belong to organisations, not to people's names.
  if (words.some((w) => (!/^[\p{Lu}(]/u.test(w) && !PARTICLES.has(w)) || /^\p{Lu}{2,}$/u.test(w))) return false;
  if (tokens.length === 1) {
    const surnameLike = /^\p{Lu}\p{Ll}/u.test(name);
    return surnameLike && (gender !== null || role !== null || asSpeaker || isFirstName(last));
  }
  return !tokens.some((t) => ORG_WORDS.has(t));
}

/**
 * Keeps the people of one article apart and resolves later mentions to them: a surname or a shorter form to
 * the most recent person whose name ends with it ("Azari Jahromi" → "Mohammad Javad Azari Jahromi", never
 * "Mohammad Javad Zarif"), a pronoun to the person in focus.
 */
export class PeopleRegistry {
  private readonly people: Person[] = [];
  private clock = 0;
  /** The person the text is currently about: the last person-subject or speaker. */
  focus: Person | null = null;
  /** The last organisation or body that was a subject or speaker, for "it said". */
  lastBody: string | null = null;

  /** Records a mention of a name, returning the person it refers to (new or known). */
  observe(name: string, role: string | null, gender: 'm' | 'f' | null, asSpeaker = false): Person {
    const tokens = nameTokens(name);
    const personal = isPersonal(tokens, name, role, gender, asSpeaker);
    const known = this.find(tokens);
    this.clock++;
    if (known !== null) {
      if (tokens.length > known.tokens.length && known.tokens.length === 1) {
        known.name = name;
        known.tokens = tokens;
      }
      known.role ??= role;
      known.gender ??= gender ?? (tokens.length > 1 ? genderOfFirstName(tokens[0] ?? '') : null);
      known.person ||= personal;
      known.lastSeen = this.clock;
      return known;
    }
    const person: Person = {
      name,
      role,
      gender: gender ?? (tokens.length > 1 ? genderOfFirstName(tokens[0] ?? '') : null),
      person: personal,
      tokens,
      lastSeen: this.clock,
    };
    this.people.push(person);
    return person;
  }

  /** The person a name refers to, without recording a mention. */
  find(tokens: readonly string[]): Person | null {
    if (tokens.length === 0) return null;
    let best: Person | null = null;
    let bestRank = 0;
    for (const p of this.people) {
      const rank = matchRank(p.tokens, tokens);
      if (rank > bestRank || (rank === bestRank && rank > 0 && best !== null && p.lastSeen > best.lastSeen)) {
        best = p;
        bestRank = rank;
      }
    }
    return best;
  }

  /**
   * The person a definite role phrase refers to ("the mayor", "the former finance minister"): the most
   * recent person whose role has the phrase's title word.
   */
  findByRole(phrase: string): Person | null {
    const words = phrase.toLowerCase().split(/\s+/u);
    if (words[0] !== 'the' || words.length > 6) return null;
    const title = [...words].reverse().find((w) => TITLE_WORDS.has(w));
    if (title === undefined) return null;
    const forms = new Set([title, ...(TITLE_ALIASES.get(title) ?? [])]);
    let best: Person | null = null;
    for (const p of this.people) {
      const role = p.role?.toLowerCase().split(/\s+/u) ?? [];
      if (p.person && role.some((w) => forms.has(w)) && (best === null || p.lastSeen > best.lastSeen)) best = p;
    }
    return best;
  }

  /** The person "he" or "she" refers to: the one in focus when compatible, else the most recent compatible one. */
  resolvePronoun(gender: 'm' | 'f' | null, inSentence: Person | null = null): Person | null {
    const fits = (p: Person): boolean => p.person && (gender === null || p.gender === null || p.gender === gender);
    for (const candidate of [inSentence, this.focus]) {
      if (candidate !== null && fits(candidate)) return this.learn(candidate, gender);
    }
    // The most recent person known to fit, else the most recent one whose gender is open.
    let best: Person | null = null;
    for (const p of this.people) {
      if (!fits(p)) continue;
      const better = best === null || (p.gender === gender) > (best.gender === gender) || ((p.gender === gender) === (best.gender === gender) && p.lastSeen > best.lastSeen);
      if (better) best = p;
    }
    return best === null ? null : this.learn(best, gender);
  }

  private learn(p: Person, gender: 'm' | 'f' | null): Person {
    p.gender ??= gender;
    return p;
  }
}

/**
 * How well a mention matches a known name: 3 for the same name, 2 when the mention is its ending
 * ("Azari Jahromi", "Pompeo") or shares first and last word, 1 for a first name alone; 0 for no match.
 */
function matchRank(known: readonly string[], mention: readonly string[]): number {
  if (known.length === mention.length && known.every((t, i) => t === mention[i])) return 3;
  if (mention.length < known.length && mention.every((t, i) => t === known[known.length - mention.length + i])) return 2;
  if (known.length === 1 && mention.length > 1 && mention[mention.length - 1] === known[0]) return 2;
  if (mention.length > 1 && known.length > 1 && mention[0] === known[0] && mention[mention.length - 1] === known[known.length - 1]) return 2;
  if (mention.length === 1 && known.length > 1 && known[0] === mention[0]) return 1;
  return 0;
}
