/** The ses service: its identity in IAM and CloudTrail, its SDK binding (loaded on first use) and its reader. */
import { defineService } from '../../service.js';
import { SesReader } from './reader.js';

export const sesService = defineService({
  id: 'ses',
  iamPrefix: 'ses',
  eventSource: 'ses.amazonaws.com',
  concurrency: 2,
  loadApi: async (config) => (await import('./sdk.js')).sdkApi(config),
  reader: (context) => new SesReader(context),
});
