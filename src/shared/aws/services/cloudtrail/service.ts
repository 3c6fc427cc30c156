/** The cloudtrail service: its identity in IAM and CloudTrail, its SDK binding (loaded on first use) and its reader. */
import { defineService } from '../../service.js';
import { CloudTrailReader } from './reader.js';

export const cloudtrailService = defineService({
  id: 'cloudtrail',
  iamPrefix: 'cloudtrail',
  eventSource: 'cloudtrail.amazonaws.com',
  concurrency: 4,
  loadApi: async (config) => (await import('./sdk.js')).sdkApi(config),
  reader: (context) => new CloudTrailReader(context),
});
