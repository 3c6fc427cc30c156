/**
 * What the findings API's container builds once: the store, the cursor signing key (from Secrets
 * Manager when CURSOR_SECRET_ARN is set; that client is loaded only then) and the API itself, over
 * the rule catalog the handler hands in.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { RuleInfo } from '../../rules/rule-info.js';
import { clientConfig } from '#shared/aws/client-config.js';
import { type ApiConfig, loadApiConfig } from '#shared/config/env.js';
import { logger } from '#shared/core/powertools.js';
import { FindingsStore } from '#shared/store/findings-store.js';
import { readCursorSecret } from './cursor-secret.js';
import { createFindingsApi, type FindingsApi } from './findings-api.js';

async function cursorSecret(config: ApiConfig): Promise<string> {
  if ('value' in config.cursorSecret) return config.cursorSecret.value;
  const { SecretsManagerClient } = await import('./secrets-manager.js');
  return readCursorSecret(new SecretsManagerClient(clientConfig(config.region)), config.cursorSecret.arn);
}

/** The API of this environment (loadApiConfig); throws ConfigError on a bad environment or an unreadable secret. */
export async function findingsApiFromEnv(rules: readonly RuleInfo[]): Promise<FindingsApi> {
  const config = loadApiConfig();
  return createFindingsApi({
    store: new FindingsStore(new DynamoDBClient(clientConfig(config.region)), config.findingsTable),
    rules,
    cursorSecret: await cursorSecret(config),
    corsOrigins: config.corsOrigins,
    onError: (error, event) => logger.error('findings API request failed', { error, path: event.rawPath }),
  });
}
