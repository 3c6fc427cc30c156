/** The cloudwatch service: its identity in IAM and CloudTrail, its SDK binding (loaded on first use) and its reader. */
import { defineService } from '../../service.js';
import { CloudWatchReader } from './reader.js';

export const cloudwatchService = defineService({
  id: 'cloudwatch',
  iamPrefix: 'cloudwatch',
  eventSource: 'monitoring.amazonaws.com',
  concurrency: 8,
  loadApi: async (config) => (await import('./sdk.js')).sdkApi(config),
  reader: (context) => new CloudWatchReader(context),
});
