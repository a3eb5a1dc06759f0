import { createInProcessQueue } from '../../src/adapters/queue/in-process-queue.js';
import { describeJobQueueContract } from './job-queue.contract.js';

describeJobQueueContract('in-process', async (options) => {
  const queue = createInProcessQueue(options);
  return { queue, dispose: () => queue.close() };
});
