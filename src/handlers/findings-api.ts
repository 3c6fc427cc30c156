/** API Gateway HTTP API (payload 2.0, IAM auth) → the findings API (routes in src/shared/api/findings-api.ts). */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
// The catalog, not the registry: the API shows rules, it never runs them (a smaller, faster cold start).
import { RULE_CATALOG } from '../rules/catalog.generated.js';
import { readCursorSecret } from '#shared/api/cursor-secret.js';
import { createFindingsApi, type FindingsApi } from '#shared/api/findings-api.js';
import { apiError } from '#shared/api/http.js';
import { clientConfig } from '#shared/aws/client-config.js';
import { type ApiConfig, loadApiConfig } from '#shared/config/env.js';
import { errorCode } from '#shared/core/errors.js';
import { withHandlerDefaults } from '#shared/continuous/handler-defaults.js';
import { logger } from '#shared/core/powertools.js';
import { FindingsStore } from '#shared/store/findings-store.js';

let api: Promise<FindingsApi> | undefined;

async function cursorSecret(config: ApiConfig): Promise<string> {
  if ('value' in config.cursorSecret) return config.cursorSecret.value;
  return readCursorSecret(new SecretsManagerClient(clientConfig(config.region)), config.cursorSecret.arn);
}

async function buildApi(): Promise<FindingsApi> {
  const config = loadApiConfig();
  return createFindingsApi({
    store: new FindingsStore(new DynamoDBClient(clientConfig(config.region)), config.findingsTable),
    rules: RULE_CATALOG,
    cursorSecret: await cursorSecret(config),
    corsOrigins: config.corsOrigins,
    onError: (error, event) => logger.error('findings API request failed', { error, path: event.rawPath }),
  });
}

/** Built once per container, on first use; a failed build (the secret unreadable) is tried again by the next request. */
function getApi(): Promise<FindingsApi> {
  api ??= buildApi().catch((error: unknown) => {
    api = undefined;
    throw error;
  });
  return api;
}

/** For tests: forget the container's API so the next call reads the environment again. */
export function resetFindingsApi(): void {
  api = undefined;
}

async function findingsApi(event: APIGatewayProxyEventV2, _context: Context) {
  let serve: FindingsApi;
  try {
    serve = await getApi();
  } catch (error) {
    logger.error('findings API could not start', { error });
    return apiError(500, 'INTERNAL', `the request could not be served (${errorCode(error)})`);
  }
  return serve(event);
}

export const handler = withHandlerDefaults(findingsApi);
