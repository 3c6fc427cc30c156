/** The SDK binding of SecretsManagerApi: the only module that loads '@aws-sdk/client-secrets-manager' (imported on first use). */
import { SecretsManagerClient, DescribeSecretCommand, ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import type { ClientConfig } from '../../client-config.js';
import { readable } from '../../raw-answers.js';
import type { SecretsManagerApi } from './reader.js';

/** The API over a new client built with Preflight's config. */
export function sdkApi(config: ClientConfig): SecretsManagerApi {
  return awsSecretsManagerApi(readable(new SecretsManagerClient(config)));
}

export function awsSecretsManagerApi(client: SecretsManagerClient): SecretsManagerApi {
  return {
    listSecrets: (input) => client.send(new ListSecretsCommand(input)),
    describeSecret: (input) => client.send(new DescribeSecretCommand(input)),
  };
}
