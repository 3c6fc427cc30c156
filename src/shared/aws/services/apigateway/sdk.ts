/** The SDK binding of ApiGatewayApi: the only module that loads '@aws-sdk/client-api-gateway' (imported on first use). */
import { APIGatewayClient, GetRestApisCommand, GetStagesCommand } from '@aws-sdk/client-api-gateway';
import type { ClientConfig } from '../../client-config.js';
import { readable } from '../../raw-answers.js';
import type { ApiGatewayApi } from './reader.js';

/** The API over a new client built with Preflight's config. */
export function sdkApi(config: ClientConfig): ApiGatewayApi {
  return awsApiGatewayApi(readable(new APIGatewayClient(config)));
}

export function awsApiGatewayApi(client: APIGatewayClient): ApiGatewayApi {
  return {
    getRestApis: (input) => client.send(new GetRestApisCommand(input)),
    getStages: (input) => client.send(new GetStagesCommand(input)),
  };
}
