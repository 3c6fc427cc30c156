/** The budgets service: its identity in IAM and CloudTrail, its SDK binding (loaded on first use) and its reader. */
import { defineService } from '../../service.js';
import { BudgetsReader } from './reader.js';

export const budgetsService = defineService({
  id: 'budgets',
  iamPrefix: 'budgets',
  eventSource: 'budgets.amazonaws.com',
  concurrency: 4,
  loadApi: async (config) => (await import('./sdk.js')).sdkApi(config),
  reader: (context) => new BudgetsReader(context),
});
