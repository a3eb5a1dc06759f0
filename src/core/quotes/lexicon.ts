/**
 * Word lists for quote attribution: reporting verbs, titles and role words, honorifics, pronouns.
 * Lower-case throughout; callers lower-case before looking up.
 */

/** Reporting verbs as [base, third person, past, participle]; irregular forms spelled out. */
const VERB_FORMS: readonly (readonly string[])[] = [
  ['say', 'says', 'said', 'saying'],
  ['tell', 'tells', 'told', 'telling'],
  ['write', 'writes', 'wrote', 'writing', 'written'],
  ['go on', 'goes on', 'went on', 'going on'],
  ['put it', 'puts it', 'putting it'],
  ['chime in', 'chimes in', 'chimed in', 'chiming in'],
];

/** Verbs whose every form reports speech. */
const REGULAR_VERBS = [
  'add', 'ask', 'explain', 'recall', 'warn', 'argue', 'insist', 'declare', 'shout', 'announce', 'admit', 'concede',
  'suggest', 'predict', 'complain', 'caution', 'urge', 'acknowledge', 'describe', 'quip', 'vow', 'lament',
  'observe', 'emphasize', 'emphasise', 'stress', 'conclude', 'testify', 'boast', 'muse', 'recount', 'assert',
  'contend', 'maintain', 'deny', 'allege', 'agree', 'confirm', 'mention', 'scream', 'yell', 'exclaim', 'whisper',
  'dub', 'brand', 'criticize', 'criticise', 'wonder', 'reiterate', 'pledge', 'plead', 'retort', 'rebut', 'inform',
  'assure', 'remind', 'repeat', 'summarize', 'summarise', 'chide', 'reveal', 'disclose', 'confide', 'proclaim',
  'tout', 'ridicule', 'mock', 'characterize', 'characterise', 'scold', 'mutter', 'grumble', 'interject',
  'lash', 'joke', 'promise', 'cry', 'chant', 'recommend', 'hint', 'speculate', 'concur', 'blast',
];

/** Verbs that are also common nouns ("a note", "the report"): only their -ed and -ing forms report speech. */
const NOUN_LIKE_VERBS = [
  'note', 'call', 'claim', 'report', 'state', 'post', 'comment', 'remark', 'reply', 'respond', 'answer', 'counter',
  'label', 'term', 'quote', 'text', 'email', 'e-mail', 'message', 'slam', 'continue', 'demand', 'request',
  'charge', 'accuse', 'praise', 'dismiss', 'rule', 'counsel', 'tweet', 'propose', 'estimate', 'indicate',
];

/** Third-person forms of noun-like verbs that still report speech after a name or pronoun ("Harlow tweets"). */
const SAFE_THIRD_PERSON = ['notes', 'calls', 'reports', 'continues', 'replies', 'responds', 'answers', 'counters', 'reads'];

function inflect(base: string): string[] {
  const stem = base.endsWith('e') ? base.slice(0, -1) : base;
  const doubles = /^(dub|snap|plan|scan)$/.test(base);
  const past = /[^aeiou]y$/.test(base) ? `${base.slice(0, -1)}ied` : doubles ? `${base}${base.slice(-1)}ed` : `${stem}ed`;
  const third = /[^aeiou]y$/.test(base) ? `${base.slice(0, -1)}ies` : /(s|sh|ch|x|z)$/.test(base) ? `${base}es` : `${base}s`;
  const participle = doubles ? `${base}${base.slice(-1)}ing` : `${stem}ing`;
  return [base, third, past, participle];
}

/** Every form of every reporting verb, lower-case; multi-word ones ("went on") included. */
export const REPORTING_VERBS: ReadonlySet<string> = new Set([
  ...VERB_FORMS.flat(),
  ...REGULAR_VERBS.flatMap(inflect),
  ...NOUN_LIKE_VERBS.flatMap((v) => {
    const forms = inflect(v);
    return [forms[2] ?? '', forms[3] ?? ''];
  }),
  ...SAFE_THIRD_PERSON,
]);

/** The -ing forms: "…, saying “…”" hangs on the clause's subject, not on the word before it. */
export const PARTICIPLES: ReadonlySet<string> = new Set(
  [...REPORTING_VERBS].filter((v) => {
    const head = v.split(' ')[0] ?? '';
    return head.length > 4 && head.endsWith('ing');
  }),
);

/** Nouns of speech after a possessive name: "Harlow’s claim that “…”". */
export const SPEECH_NOUNS: ReadonlySet<string> = new Set([
  'claim', 'claims', 'statement', 'statements', 'remark', 'remarks', 'comment', 'comments', 'words', 'tweet',
  'tweets', 'assertion', 'argument', 'description', 'promise', 'pledge', 'warning', 'message', 'post', 'speech',
  'response', 'reply', 'answer', 'call', 'vow', 'boast', 'suggestion', 'insistence', 'view', 'quip', 'joke',
]);

/** Personal titles that stand before a name and belong to the role, not the name. */
export const TITLE_WORDS: ReadonlySet<string> = new Set([
  'president', 'vice', 'secretary', 'minister', 'premier', 'chancellor', 'king', 'queen', 'prince', 'princess',
  'senator', 'sen.', 'sens.', 'rep.', 'reps.', 'representative', 'congressman', 'congresswoman', 'gov.',
  'governor', 'mayor', 'chief', 'chairman', 'chairwoman', 'chair', 'director', 'spokesman', 'spokeswoman',
  'spokesperson', 'speaker', 'leader', 'ambassador', 'envoy', 'general', 'gen.', 'lt.', 'col.', 'sgt.', 'capt.',
  'maj.', 'adm.', 'admiral', 'commander', 'judge', 'justice', 'attorney', 'commissioner', 'officer', 'deputy',
  'assistant', 'executive', 'ceo', 'cfo', 'coo', 'founder', 'co-founder', 'professor', 'prof.', 'rev.',
  'reverend', 'pastor', 'bishop', 'archbishop', 'cardinal', 'pope', 'rabbi', 'imam', 'sheikh', 'ayatollah',
  'emir', 'sultan', 'lord', 'sir', 'dame', 'delegate', 'candidate', 'nominee', 'host', 'anchor',
  'correspondent', 'editor', 'reporter', 'columnist', 'analyst', 'economist', 'strategist', 'adviser', 'advisor',
  'aide', 'manager', 'coach', 'owner', 'counsel', 'lawyer', 'prosecutor', 'sheriff', 'superintendent',
  'inspector', 'marshal', 'councilman', 'councilwoman', 'councillor', 'councilor', 'alderman', 'treasurer',
  'comptroller', 'auditor', 'clerk', 'chaplain', 'dean', 'provost', 'head', 'boss', 'captain',
  'lieutenant', 'sergeant', 'colonel', 'major', 'corporal', 'private', 'detective', 'trooper', 'agent',
  'physician', 'doctor', 'dr.', 'scientist', 'researcher', 'historian', 'author', 'writer',
  'activist', 'organizer', 'organiser', 'pollster', 'consultant', 'operative', 'rival', 'democrat',
  'challenger', 'incumbent', 'lawmaker', 'legislator', 'mp', 'mep', 'magistrate', 'dictator', 'monarch',
  'commentator', 'presenter', 'producer', 'journalist', 'partner', 'fellow', 'member',
  'staffer', 'official', 'administrator', 'negotiator', 'mediator', 'diplomat', 'coordinator', 'principal',
  'secretary-general', 'attorney-general', 'director-general', 'commander-in-chief', 'whip', 'vp',
]);

/** Words that qualify a title inside a role ("former", "press", "campaign", "foreign"). */
export const ROLE_MODIFIERS: ReadonlySet<string> = new Set([
  'former', 'then', 'acting', 'interim', 'retired', 'outgoing', 'incoming', 'newly', 'elected', 'current', 'top',
  'senior', 'junior', 'chief', 'deputy', 'assistant', 'associate', 'executive', 'press', 'campaign', 'communications',
  'communication', 'foreign', 'defense', 'defence', 'interior', 'finance', 'treasury', 'state', 'homeland',
  'security', 'energy', 'telecommunications', 'intelligence', 'national', 'federal', 'supreme', 'majority',
  'minority', 'democratic', 'republican', 'presidential', 'vice-presidential', 'police', 'fire', 'city', 'county',
  'district', 'general', 'prime', 'panel', 'committee', 'board', 'council', 'white', 'house', 'senate', 'party', 'policy',
  'political', 'legal', 'economic', 'health', 'education', 'labor', 'labour', 'commerce', 'trade', 'justice',
  'affairs', 'development', 'agriculture', 'transportation', 'environment', 'environmental', 'military', 'army',
  'navy', 'air', 'force', 'marine', 'cyber', 'information', 'media', 'news', 'public', 'international',
  'regional', 'local', 'global', 'european', 'libertarian', 'independent', 'green', 'conservative', 'liberal',
  'opposition', 'ruling', 'prominent', 'veteran', 'longtime', 'special', 'legislative', 'parliamentary',
  'congressional', 'gubernatorial', 'mayoral', 'senatorial', 'research', 'science', 'technology', 'digital',
]);

/**
 * A surname glued to a lower-case particle: the Arabic article in its transliterations (al-, el-, ad-, ash-, …,
 * "Karim al-Haddadi") and the French and Italian elided d' and l' ("d'Arcy"). Such a word is a name word.
 */
export const PREFIXED_NAME = /^(?:al|el|ad|adh|an|ar|as|ash|at|ath|az|d|l)['’-]\p{Lu}/u;

/** Honorifics dropped from a speaker's name ("Mr. Okafor" is Okafor). */
export const HONORIFICS: ReadonlySet<string> = new Set(['mr.', 'mrs.', 'ms.', 'miss', 'mr', 'mrs', 'ms', 'mx.', 'dr.', 'dr', 'messrs.']);

/** Pronouns a quote may be attributed with, and the gender they imply. */
export const PRONOUN_GENDER: ReadonlyMap<string, 'm' | 'f' | 'x'> = new Map([
  ['he', 'm'], ['him', 'm'], ['she', 'f'], ['her', 'f'], ['it', 'x'], ['they', 'x'], ['we', 'x'], ['i', 'x'],
  ['who', 'x'], ['which', 'x'], ['you', 'x'],
]);

/** Capitalised words that are not names: sentence openers, days, months, function words. */
export const NOT_NAME_WORDS: ReadonlySet<string> = new Set([
  'the', 'a', 'an', 'but', 'and', 'or', 'so', 'yet', 'when', 'while', 'after', 'before', 'if', 'as', 'at', 'in',
  'on', 'of', 'for', 'from', 'with', 'without', 'then', 'now', 'still', 'meanwhile', 'later', 'earlier', 'also',
  'asked', 'speaking', 'last', 'this', 'that', 'these', 'those', 'despite', 'during', 'although', 'though',
  'because', 'since', 'until', 'even', 'instead', 'however', 'moreover', 'yesterday', 'today', 'tonight',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'january', 'february', 'march',
  'april', 'june', 'july', 'august', 'september', 'october', 'november', 'december', 'jan.', 'feb.',
  'aug.', 'sept.', 'oct.', 'nov.', 'dec.', 'he', 'she', 'it', 'they', 'we', 'i', 'you', 'his', 'her', 'its',
  'their', 'our', 'my', 'there', 'here', 'what', 'who', 'why', 'how', 'where', 'according', 'both', 'each',
  'such', 'other', 'another', 'several', 'more', 'no', 'not', 'to', 'by', 'under', 'over', 'about', 'among',
  'between', 'through', 'into', 'like', 'unlike', 'some', 'many', 'most', 'all', 'any', 'every', 'one', 'two',
  'first', 'next', 'only', 'just', 'indeed', 'thus', 'therefore', 'nonetheless', 'nevertheless', 'anyway',
  'mostly', 'read', 'update', 'editor’s', "editor's", 'note', 'photo', 'watch', 'see', 'follow', 'via',
  'should', 'would', 'could', 'will', 'can', 'must', 'might', 'did', 'does', 'do', 'is', 'was', 'are', 'were', 'has',
  'have', 'had', 'based', 'given', 'including', 'following', 'whether', 'let', 'please', 'yes', 'thank', 'thanks',
]);

/** Last words of organisation and place names; such a name is never a person. */
export const ORG_WORDS: ReadonlySet<string> = new Set([
  'council', 'committee', 'ministry', 'department', 'agency', 'party', 'association', 'institute', 'university',
  'college', 'school', 'post', 'times', 'news', 'journal', 'union', 'house', 'commission', 'court', 'bank', 'fund',
  'inc.', 'inc', 'corp.', 'corp', 'co.', 'ltd', 'ltd.', 'group', 'network', 'center', 'centre', 'foundation',
  'office', 'bureau', 'board', 'service', 'services', 'administration', 'government', 'campaign', 'company',
  'corporation', 'organization', 'organisation', 'press', 'tribune', 'herald', 'telegraph', 'guardian',
  'reuters', 'afp', 'ap', 'cnn', 'bbc', 'msnbc', 'nbc', 'abc', 'cbs', 'npr', 'congress', 'senate',
  'parliament', 'states', 'kingdom', 'republic', 'emirates', 'arabia', 'korea', 'city', 'county', 'state',
  'street', 'avenue', 'square', 'river', 'sea', 'gulf', 'strait', 'island', 'islands', 'mountains', 'valley',
  'coalition', 'alliance', 'forces', 'army', 'navy', 'police', 'guards', 'caucus', 'magazine',
  'review', 'report', 'daily', 'weekly', 'tv', 'radio', 'channel', 'website', 'blog', 'twitter', 'facebook',
  'instagram', 'youtube', 'nation', 'nations', 'project', 'program', 'programme', 'initiative', 'movement',
  'society', 'club', 'league', 'federation', 'authority', 'trust', 'media', 'wire', 'politico', 'axios',
  'politifact', 'examiner', 'observer', 'chronicle', 'gazette', 'tribunal', 'assembly', 'cabinet',
  'treasury', 'pentagon', 'kremlin', 'museum', 'hospital', 'church', 'mosque', 'temple', 'airport', 'station',
  'show', 'org', 'labs', 'systems', 'technologies', 'holdings', 'partners', 'airlines', 'motors',
]);
