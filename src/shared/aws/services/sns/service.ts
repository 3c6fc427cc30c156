/** The sns service: its identity in IAM and CloudTrail, its SDK binding (loaded on first use) and its reader. */
import { defineService } from '../../service.js';
import { SnsReader } from './reader.js';

export const snsService = defineService({
  id: 'sns',
  iamPrefix: 'sns',
  eventSource: 'sns.amazonaws.com',
  concurrency: 8,
  loadApi: async (config) => (await import('./sdk.js')).sdkApi(config),
  reader: (context) => new SnsReader(context),
});
