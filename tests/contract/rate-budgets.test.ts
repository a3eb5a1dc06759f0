import { createMemoryRateBudgets } from '../../src/adapters/budgets/memory-rate-budgets.js';
import { describeRateBudgetsContract } from './rate-budgets.contract.js';

// One process: one instance serves every caller, so the "twin" is the same instance.
describeRateBudgetsContract('memory', async () => {
  const budgets = createMemoryRateBudgets();
  return { budgets, twin: budgets, dispose: async () => undefined };
});
