/** The ec2 service: its identity in IAM and CloudTrail, its SDK binding (loaded on first use) and its reader. */
import { defineService } from '../../service.js';
import { Ec2Reader } from './reader.js';

export const ec2Service = defineService({
  id: 'ec2',
  iamPrefix: 'ec2',
  eventSource: 'ec2.amazonaws.com',
  concurrency: 8,
  loadApi: async (config) => (await import('./sdk.js')).sdkApi(config),
  reader: (context) => new Ec2Reader(context),
});
