/** The SDK binding of DynamoDbApi: the only module that loads '@aws-sdk/client-dynamodb' (imported on first use). */
import { DynamoDBClient, DescribeContinuousBackupsCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import type { ClientConfig } from '../../client-config.js';
import { readable } from '../../raw-answers.js';
import type { DynamoDbApi } from './reader.js';

/** The API over a new client built with Preflight's config. */
export function sdkApi(config: ClientConfig): DynamoDbApi {
  return awsDynamoDbApi(readable(new DynamoDBClient(config)));
}

export function awsDynamoDbApi(client: DynamoDBClient): DynamoDbApi {
  return {
    listTables: (input) => client.send(new ListTablesCommand(input)),
    describeContinuousBackups: (input) => client.send(new DescribeContinuousBackupsCommand(input)),
  };
}
