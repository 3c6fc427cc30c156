/** The secretsmanager service: its identity in IAM and CloudTrail, its SDK binding (loaded on first use) and its reader. */
import { defineService } from '../../service.js';
import { SecretsManagerReader } from './reader.js';

export const secretsmanagerService = defineService({
  id: 'secretsmanager',
  iamPrefix: 'secretsmanager',
  eventSource: 'secretsmanager.amazonaws.com',
  concurrency: 4,
  loadApi: async (config) => (await import('./sdk.js')).sdkApi(config),
  reader: (context) => new SecretsManagerReader(context),
});
