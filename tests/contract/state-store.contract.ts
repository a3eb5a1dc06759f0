import { describeDeliveryClaimsContract, describeDeliveryLogContract } from './delivery-store.contract.js';
import { describeFeedStateStoreContract } from './feed-state-store.contract.js';
import { describeOneTimeClaimsContract } from './one-time-claims.contract.js';
import { describeSeenArticleStoreContract } from './seen-article-store.contract.js';
import type { StateStoreFactory } from './state-store-factory.js';
import { describeStatePruningContract } from './state-pruning.contract.js';
import { describeStoryStoreContract } from './story-store.contract.js';

/** Every small store's contract on one backend, whose state store serves them all. */
export function describeStateStoreContracts(name: string, factory: StateStoreFactory): void {
  describeFeedStateStoreContract(name, factory);
  describeSeenArticleStoreContract(name, factory);
  describeStoryStoreContract(name, factory);
  describeDeliveryLogContract(name, factory);
  describeDeliveryClaimsContract(name, factory);
  describeOneTimeClaimsContract(name, factory);
  describeStatePruningContract(name, factory);
}
