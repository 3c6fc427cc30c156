/** Secrets Manager's SDK binding: the only module that loads '@aws-sdk/client-secrets-manager' (imported on first use). */
import { SecretsManagerClient, DescribeSecretCommand, ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import type { ClientConfig } from '../../client-config.js';
import { type ApiOf, bindCommands } from '../../commands.js';

const COMMANDS = { ListSecretsCommand, DescribeSecretCommand };

/** The Secrets Manager calls Preflight makes, one method per command, for one region's endpoint. */
export type SecretsManagerApi = ApiOf<typeof COMMANDS>;

/** The API over a new client built with Preflight's config. */
export const sdkApi = (config: ClientConfig): SecretsManagerApi => bindCommands(new SecretsManagerClient(config), COMMANDS);
