/** The iam service: its identity in IAM and CloudTrail, its SDK binding (loaded on first use) and its reader. */
import { defineService } from '../../service.js';
import { IamReader } from './reader.js';

export const iamService = defineService({
  id: 'iam',
  iamPrefix: 'iam',
  eventSource: 'iam.amazonaws.com',
  concurrency: 4,
  loadApi: async (config) => (await import('./sdk.js')).sdkApi(config),
  reader: (context) => new IamReader(context),
});
