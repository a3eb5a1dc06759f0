import { createRedisLiveConfigStore } from '../../src/adapters/state/redis-live-config-store.js';
import { describeLiveConfigStoreContract } from './live-config-store.contract.js';
import { redisStoreFactory } from './redis-store-factory.js';

describeLiveConfigStoreContract('redis', redisStoreFactory(createRedisLiveConfigStore));
