/** The apigateway service: its identity in IAM and CloudTrail, its SDK binding (loaded on first use) and its reader. */
import { defineService } from '../../service.js';
import { ApiGatewayReader } from './reader.js';

export const apigatewayService = defineService({
  id: 'apigateway',
  iamPrefix: 'apigateway',
  eventSource: 'apigateway.amazonaws.com',
  concurrency: 4,
  loadApi: async (config) => (await import('./sdk.js')).sdkApi(config),
  reader: (context) => new ApiGatewayReader(context),
});
