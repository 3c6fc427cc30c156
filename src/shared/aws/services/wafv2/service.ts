/** The wafv2 service: its identity in IAM and CloudTrail, its SDK binding (loaded on first use) and its reader. */
import { defineService } from '../../service.js';
import { Wafv2Reader } from './reader.js';

export const wafv2Service = defineService({
  id: 'wafv2',
  iamPrefix: 'wafv2',
  eventSource: 'wafv2.amazonaws.com',
  concurrency: 4,
  loadApi: async (config) => (await import('./sdk.js')).sdkApi(config),
  reader: (context) => new Wafv2Reader(context),
});
