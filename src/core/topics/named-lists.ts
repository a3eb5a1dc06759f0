import countries from 'world-countries/countries.json' with { type: 'json' };

/**
 * Word lists a query can name with "@name" instead of spelling out hundreds of alternatives. Each comes from a
 * maintained resource, not from hand-picked words:
 * - `@country`: every country of the world-countries data set by common and official name, English demonym
 *   and capital ("Iran", "Iranian", "Tehran"), the ways news names a state acting (capitals stand for their
 *   governments: "Washington imposed ...").
 */
const LISTS: ReadonlyMap<string, () => readonly string[]> = new Map([['country', countryWords]]);

const built = new Map<string, readonly string[]>();

/** Whether "@name" names a list. */
export function isNamedList(name: string): boolean {
  return LISTS.has(name.toLowerCase());
}

/** The entries of the list "@name" (as written, one word or phrase each), or undefined for an unknown name. */
export function namedList(name: string): readonly string[] | undefined {
  const key = name.toLowerCase();
  const cached = built.get(key);
  if (cached !== undefined) return cached;
  const build = LISTS.get(key);
  if (build === undefined) return undefined;
  const entries = build();
  built.set(key, entries);
  return entries;
}

function countryWords(): string[] {
  const words = new Set<string>();
  for (const country of countries) {
    words.add(country.name.common);
    words.add(country.name.official);
    const demonyms = country.demonyms as Record<string, { f: string; m: string } | undefined>;
    if (demonyms['eng'] !== undefined) {
      words.add(demonyms['eng'].m);
      words.add(demonyms['eng'].f);
    }
    for (const capital of country.capital) words.add(capital);
  }
  return [...words].filter((word) => /\p{L}/u.test(word));
}
