/** Work of one channel queued behind each other, apart from every other channel. */
export interface ChannelLanes {
  /** Runs `task` once every earlier task of the same channel has settled; other channels never wait for it. */
  run(channelId: string, task: () => Promise<void>): Promise<void>;
  /** From now on, tasks still waiting for their turn reject without running (the queue retries them later). */
  close(): void;
}

/**
 * Per-channel lanes for deliveries. A channel's deliveries run one at a time in arrival order, so a follow-up
 * finds its original already posted, and a channel waiting out a rate limit holds up only its own lane.
 */
export function createChannelLanes(): ChannelLanes {
  const tails = new Map<string, Promise<void>>();
  let closed = false;
  return {
    run(channelId, task) {
      const turn = (tails.get(channelId) ?? Promise.resolve()).then(() => {
        if (closed) throw new Error(`stopping: delivery to "${channelId}" left for a later run`);
        return task();
      });
      const tail = turn.catch(() => undefined);
      tails.set(channelId, tail);
      void tail.then(() => {
        if (tails.get(channelId) === tail) tails.delete(channelId);
      });
      return turn;
    },
    close() {
      closed = true;
    },
  };
}
