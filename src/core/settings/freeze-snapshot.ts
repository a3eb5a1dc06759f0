/**
 * Settings snapshots are shared by every step of a running process, so each one is frozen whole: a step that
 * tried to change one would change what every other step sees. Plain objects and arrays are frozen with
 * Object.freeze; a Map's entries cannot be frozen that way, so its set, delete and clear are replaced by ones that
 * throw. Other class instances are left as they are: they are not settings data and may keep their own state.
 */
export function freezeSnapshot<T>(value: T): T {
  freezeValue(value, new Set());
  return value;
}

function refuseChange(): never {
  throw new TypeError('settings snapshots are read-only: build a new snapshot instead of changing this one');
}

function freezeValue(value: unknown, seen: Set<object>): void {
  if (typeof value !== 'object' || value === null || seen.has(value)) return;
  seen.add(value);
  if (value instanceof Map) {
    for (const [key, entry] of value) {
      freezeValue(key, seen);
      freezeValue(entry, seen);
    }
    sealCollection(value, ['set', 'delete', 'clear']);
    return;
  }
  if (value instanceof Set) {
    for (const entry of value) freezeValue(entry, seen);
    sealCollection(value, ['add', 'delete', 'clear']);
    return;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && prototype !== Object.prototype && prototype !== null) return;
  for (const key of Reflect.ownKeys(value)) freezeValue((value as Record<PropertyKey, unknown>)[key], seen);
  Object.freeze(value);
}

/** Own, non-enumerable methods that throw shadow the prototype's mutators; then nothing more can be added. */
function sealCollection(collection: Map<unknown, unknown> | Set<unknown>, mutators: readonly string[]): void {
  if (Object.isFrozen(collection)) return;
  for (const name of mutators) Object.defineProperty(collection, name, { value: refuseChange });
  Object.freeze(collection);
}
