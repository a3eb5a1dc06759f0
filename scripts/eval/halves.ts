/**
 * The generalization check: every dev set is split once, for good, into two fixed halves. Methods are developed
 * while reading only the `develop` half; the `check` half is read only to compare. A gap above `MAX_HALF_GAP`
 * between the halves on any figure means something was fitted to the items read.
 *
 * The split is by a grouping key (an article id, or the search query where one event has several rows, so an
 * event never sits in both halves): the distinct keys are ordered by their SHA-1 and the first half of that order
 * is `develop`. It does not depend on the order of the file, and the halves are as equal in size as the keys allow.
 */
import { createHash } from 'node:crypto';

export type HalfName = 'develop' | 'check';

/** The largest allowed difference between the two halves on any figure. */
export const MAX_HALF_GAP = 0.02;

const hashOf = (key: string): string => createHash('sha1').update(`newswatch-eval:${key}`).digest('hex');

/** Splits items into the two fixed halves by the key each item is grouped under. */
export function splitHalves<T>(items: readonly T[], keyOf: (item: T) => string): Record<HalfName, T[]> {
  const keys = [...new Set(items.map(keyOf))].sort((a, b) => (hashOf(a) < hashOf(b) ? -1 : 1));
  const developKeys = new Set(keys.slice(0, Math.ceil(keys.length / 2)));
  const halves: Record<HalfName, T[]> = { develop: [], check: [] };
  for (const item of items) halves[developKeys.has(keyOf(item)) ? 'develop' : 'check'].push(item);
  return halves;
}

/** Scores each half with the same function; what every eval section reports under `halves`. */
export function scoreHalves<T, R>(items: readonly T[], keyOf: (item: T) => string, score: (part: T[]) => R): Record<HalfName, R> {
  const halves = splitHalves(items, keyOf);
  return { develop: score(halves.develop), check: score(halves.check) };
}

/** Async variant of `scoreHalves`, for sections whose scoring reads files. */
export async function scoreHalvesAsync<T, R>(
  items: readonly T[],
  keyOf: (item: T) => string,
  score: (part: T[]) => Promise<R>,
): Promise<Record<HalfName, R>> {
  const halves = splitHalves(items, keyOf);
  return { develop: await score(halves.develop), check: await score(halves.check) };
}
