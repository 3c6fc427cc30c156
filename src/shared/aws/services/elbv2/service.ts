/** The elbv2 service: its identity in IAM and CloudTrail, its SDK binding (loaded on first use) and its reader. */
import { defineService } from '../../service.js';
import { Elbv2Reader } from './reader.js';

export const elbv2Service = defineService({
  id: 'elbv2',
  iamPrefix: 'elasticloadbalancing',
  eventSource: 'elasticloadbalancing.amazonaws.com',
  concurrency: 4,
  loadApi: async (config) => (await import('./sdk.js')).sdkApi(config),
  reader: (context) => new Elbv2Reader(context),
});
