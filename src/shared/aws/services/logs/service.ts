/** The logs service: its identity in IAM and CloudTrail, its SDK binding (loaded on first use) and its reader. */
import { defineService } from '../../service.js';
import { LogsReader } from './reader.js';

export const logsService = defineService({
  id: 'logs',
  iamPrefix: 'logs',
  eventSource: 'logs.amazonaws.com',
  concurrency: 4,
  loadApi: async (config) => (await import('./sdk.js')).sdkApi(config),
  reader: (context) => new LogsReader(context),
});
