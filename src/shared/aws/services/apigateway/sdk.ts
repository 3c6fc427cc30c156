/** ApiGateway's SDK binding: the only module that loads '@aws-sdk/client-api-gateway' (imported on first use). */
import { APIGatewayClient, GetRestApisCommand, GetStagesCommand } from '@aws-sdk/client-api-gateway';
import type { ClientConfig } from '../../client-config.js';
import { type ApiOf, bindCommands } from '../../commands.js';

const COMMANDS = { GetRestApisCommand, GetStagesCommand };

/** The ApiGateway calls Preflight makes, one method per command, for one region's endpoint. */
export type ApiGatewayApi = ApiOf<typeof COMMANDS>;

/** The API over a new client built with Preflight's config. */
export const sdkApi = (config: ClientConfig): ApiGatewayApi => bindCommands(new APIGatewayClient(config), COMMANDS);
