/** The acm service: its identity in IAM and CloudTrail, its SDK binding (loaded on first use) and its reader. */
import { defineService } from '../../service.js';
import { AcmReader } from './reader.js';

export const acmService = defineService({
  id: 'acm',
  iamPrefix: 'acm',
  eventSource: 'acm.amazonaws.com',
  concurrency: 4,
  loadApi: async (config) => (await import('./sdk.js')).sdkApi(config),
  reader: (context) => new AcmReader(context),
});
