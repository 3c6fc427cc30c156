/** The elasticache service: its identity in IAM and CloudTrail, its SDK binding (loaded on first use) and its reader. */
import { defineService } from '../../service.js';
import { ElastiCacheReader } from './reader.js';

export const elasticacheService = defineService({
  id: 'elasticache',
  iamPrefix: 'elasticache',
  eventSource: 'elasticache.amazonaws.com',
  concurrency: 4,
  loadApi: async (config) => (await import('./sdk.js')).sdkApi(config),
  reader: (context) => new ElastiCacheReader(context),
});
