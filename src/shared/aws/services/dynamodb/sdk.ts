/** DynamoDB's SDK binding: the only module that loads '@aws-sdk/client-dynamodb' (imported on first use). */
import { DynamoDBClient, DescribeContinuousBackupsCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import type { ClientConfig } from '../../client-config.js';
import { type ApiOf, bindCommands } from '../../commands.js';

const COMMANDS = { ListTablesCommand, DescribeContinuousBackupsCommand };

/** The DynamoDB calls Preflight makes, one method per command, for one region's endpoint. */
export type DynamoDbApi = ApiOf<typeof COMMANDS>;

/** The API over a new client built with Preflight's config. */
export const sdkApi = (config: ClientConfig): DynamoDbApi => bindCommands(new DynamoDBClient(config), COMMANDS);
