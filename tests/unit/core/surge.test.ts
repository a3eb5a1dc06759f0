import { describe, expect, it } from 'vitest';
import { describeSurge, findAlertSurge, findSurge, MAX_TIMELINE_ENTRIES, type StoryArrival } from '../../../src/core/surge.js';

const now = new Date('2025-03-04T10:30:00Z');
const minutesAgo = (minutes: number): string => new Date(now.getTime() - minutes * 60_000).toISOString();
const arrival = (source: string, minutes: number): StoryArrival => ({ source, at: minutesAgo(minutes) });

describe('findSurge', () => {
  it('finds a story that enough distinct outlets carried within the window, oldest first', () => {
    const surge = findSurge([arrival('Harbour Times', 12), arrival('Daily Ledger', 20), arrival('Coast Wire', 5), arrival('Bay Post', 0)], { outlets: 4, minutes: 30 }, now);
    expect(surge).toEqual({
      outlets: 4,
      minutes: 20,
      timeline: [arrival('Daily Ledger', 20), arrival('Harbour Times', 12), arrival('Coast Wire', 5), arrival('Bay Post', 0)],
    });
    expect(describeSurge(surge ?? { outlets: 0, minutes: 0 })).toBe('Developing: 4 outlets in 20 min');
  });

  it('counts an outlet once, by its first article, whatever its name’s case', () => {
    const arrivals = [arrival('Daily Ledger', 25), arrival('daily ledger', 3), arrival('Harbour Times', 10), arrival('Coast Wire', 2)];
    expect(findSurge(arrivals, { outlets: 4, minutes: 30 }, now)).toBeNull();
    expect(findSurge(arrivals, { outlets: 3, minutes: 30 }, now)?.timeline.map((a) => a.at)).toEqual([minutesAgo(25), minutesAgo(10), minutesAgo(2)]);
  });

  it('leaves out articles older than the window and times in the future', () => {
    const arrivals = [arrival('Daily Ledger', 45), arrival('Harbour Times', 20), arrival('Coast Wire', 10), arrival('Bay Post', -5), arrival('Bay Post', 1)];
    expect(findSurge(arrivals, { outlets: 4, minutes: 30 }, now)).toBeNull();
    expect(findSurge(arrivals, { outlets: 3, minutes: 30 }, now)?.outlets).toBe(3);
    expect(findSurge(arrivals, { outlets: 4, minutes: 60 }, now)?.minutes).toBe(45);
  });

  it('reports at least one minute, and lists at most the first outlets while counting all', () => {
    const many = Array.from({ length: MAX_TIMELINE_ENTRIES + 3 }, (_, index) => ({ source: `Outlet ${index}`, at: now.toISOString() }));
    const surge = findSurge(many, { outlets: 4, minutes: 30 }, now);
    expect(surge?.minutes).toBe(1);
    expect(surge?.outlets).toBe(MAX_TIMELINE_ENTRIES + 3);
    expect(surge?.timeline).toHaveLength(MAX_TIMELINE_ENTRIES);
  });
});

describe('findAlertSurge', () => {
  const arrivals = [arrival('A', 40), arrival('B', 9), arrival('C', 6), arrival('D', 1)];

  it('takes the first rule of the alert’s topics that the story meets, and skips topics with surge off', () => {
    expect(findAlertSurge(arrivals, [null, { outlets: 4, minutes: 15 }, { outlets: 4, minutes: 60 }], now)).toMatchObject({ outlets: 4, minutes: 40 });
    expect(findAlertSurge(arrivals, [{ outlets: 3, minutes: 10 }, { outlets: 4, minutes: 60 }], now)).toMatchObject({ outlets: 3, minutes: 9 });
    expect(findAlertSurge(arrivals, [null, null], now)).toBeNull();
  });
});
