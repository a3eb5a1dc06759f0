import { createRedisSubscriptionStore } from '../../src/adapters/state/redis-subscription-store.js';
import { redisStoreFactory } from './redis-store-factory.js';
import { describeSubscriptionStoreContract } from './subscription-store.contract.js';

describeSubscriptionStoreContract('redis', redisStoreFactory(createRedisSubscriptionStore));
