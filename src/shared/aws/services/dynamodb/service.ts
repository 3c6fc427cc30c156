/** The dynamodb service: its identity in IAM and CloudTrail, its SDK binding (loaded on first use) and its reader. */
import { defineService } from '../../service.js';
import { DynamoDbReader } from './reader.js';

export const dynamodbService = defineService({
  id: 'dynamodb',
  iamPrefix: 'dynamodb',
  eventSource: 'dynamodb.amazonaws.com',
  concurrency: 8,
  loadApi: async (config) => (await import('./sdk.js')).sdkApi(config),
  reader: (context) => new DynamoDbReader(context),
});
