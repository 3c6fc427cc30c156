/** The s3 service: its identity in IAM and CloudTrail, its SDK binding (loaded on first use) and its reader. */
import { defineService } from '../../service.js';
import { S3Reader } from './reader.js';

export const s3Service = defineService({
  id: 's3',
  iamPrefix: 's3',
  eventSource: 's3.amazonaws.com',
  concurrency: 16,
  loadApi: async (config) => (await import('./sdk.js')).sdkApi(config),
  reader: (context) => new S3Reader(context),
});
