import { describe, expect, it } from 'vitest';
import { freezeSnapshot } from '../../../../src/core/settings/freeze-snapshot.js';

describe('freezeSnapshot', () => {
  it('freezes nested objects and arrays, so an assignment throws (test files run in strict mode)', () => {
    const snapshot = freezeSnapshot({ limits: { maxBytes: 10 }, hosts: ['a.example'], briefs: [{ topicId: 'gulf' }] });
    expect(() => {
      snapshot.limits.maxBytes = 20;
    }).toThrow(TypeError);
    expect(() => snapshot.hosts.push('b.example')).toThrow(TypeError);
    expect(() => {
      (snapshot.briefs[0] as { topicId: string }).topicId = 'other';
    }).toThrow(TypeError);
    expect(snapshot).toEqual({ limits: { maxBytes: 10 }, hosts: ['a.example'], briefs: [{ topicId: 'gulf' }] });
  });

  it('refuses set, delete and clear on a Map and add on a Set, and freezes their entries', () => {
    const channels = new Map([['ops', { minScore: 1 }]]);
    const ids = new Set(['ops']);
    const snapshot = freezeSnapshot({ channels, ids });
    expect(() => snapshot.channels.set('desk', { minScore: 0 })).toThrow(/read-only/);
    expect(() => snapshot.channels.delete('ops')).toThrow(/read-only/);
    expect(() => snapshot.channels.clear()).toThrow(/read-only/);
    expect(() => snapshot.ids.add('desk')).toThrow(/read-only/);
    expect(() => {
      (snapshot.channels.get('ops') as { minScore: number }).minScore = 5;
    }).toThrow(TypeError);
    expect([...snapshot.channels]).toEqual([['ops', { minScore: 1 }]]);
    // still a Map to whoever reads or compares it
    expect(snapshot.channels).toEqual(new Map([['ops', { minScore: 1 }]]));
  });

  it('leaves class instances as they are and copes with shared and circular references', () => {
    class Counter {
      count = 0;
    }
    const shared = { n: 1 };
    const looped: { self?: unknown; counter: Counter; a: object; b: object } = { counter: new Counter(), a: shared, b: shared };
    looped.self = looped;
    freezeSnapshot(looped);
    looped.counter.count += 1;
    expect(looped.counter.count).toBe(1);
    expect(Object.isFrozen(looped)).toBe(true);
    expect(Object.isFrozen(shared)).toBe(true);
  });
});
