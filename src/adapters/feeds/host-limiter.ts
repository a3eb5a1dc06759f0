/** Runs tasks with at most a fixed number in flight per host, so one busy site is not hammered. */
export interface HostLimiter {
  run<T>(host: string, task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
}

interface HostSlots {
  active: number;
  waiting: Array<() => void>;
}

/**
 * Creates a per-host limiter. Waiting tasks start in arrival order; a task whose signal aborts while it waits
 * leaves the queue with the signal's reason, so deadlines cover queueing time too.
 */
export function createHostLimiter(perHost: number): HostLimiter {
  const limit = Math.max(1, Math.floor(perHost));
  const hosts = new Map<string, HostSlots>();

  const release = (host: string, slots: HostSlots): void => {
    const next = slots.waiting.shift();
    if (next) next();
    else {
      slots.active -= 1;
      if (slots.active === 0) hosts.delete(host);
    }
  };

  const acquire = (host: string, signal?: AbortSignal): Promise<HostSlots> => {
    const slots = hosts.get(host) ?? { active: 0, waiting: [] };
    hosts.set(host, slots);
    if (slots.active < limit) {
      slots.active += 1;
      return Promise.resolve(slots);
    }
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        slots.waiting.splice(slots.waiting.indexOf(grant), 1);
        reject(signal?.reason);
      };
      // a released slot passes straight to the next waiter, so `active` stays as it is
      const grant = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve(slots);
      };
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      slots.waiting.push(grant);
    });
  };

  return {
    async run(host, task, signal) {
      const slots = await acquire(host, signal);
      try {
        return await task();
      } finally {
        release(host, slots);
      }
    },
  };
}
