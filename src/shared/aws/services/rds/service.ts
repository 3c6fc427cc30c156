/** The rds service: its identity in IAM and CloudTrail, its SDK binding (loaded on first use) and its reader. */
import { defineService } from '../../service.js';
import { RdsReader } from './reader.js';

export const rdsService = defineService({
  id: 'rds',
  iamPrefix: 'rds',
  eventSource: 'rds.amazonaws.com',
  concurrency: 4,
  loadApi: async (config) => (await import('./sdk.js')).sdkApi(config),
  reader: (context) => new RdsReader(context),
});
