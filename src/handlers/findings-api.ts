/** API Gateway HTTP API (payload 2.0, IAM auth) → the findings API (routes in src/shared/api/findings-api.ts). */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
// The catalog, not the registry: the API shows rules, it never runs them (a smaller, faster cold start).
import { RULE_CATALOG } from '../rules/catalog.generated.js';
import { createFindingsApi, type FindingsApi } from '../shared/api/findings-api.js';
import { clientConfig } from '../shared/aws/clients.js';
import { loadApiConfig } from '../shared/config.js';
import { withHandlerDefaults } from '../shared/handler-defaults.js';
import { logger } from '../shared/powertools.js';
import { FindingsStore } from '../shared/store/findings-store.js';

let api: FindingsApi | undefined;

/** Built once per container, on first use. */
function getApi(): FindingsApi {
  if (!api) {
    const config = loadApiConfig();
    api = createFindingsApi({
      store: new FindingsStore(new DynamoDBClient(clientConfig(config.region)), config.findingsTable),
      rules: RULE_CATALOG,
      cursorSecret: config.cursorSecret,
      corsOrigins: config.corsOrigins,
      onError: (error, event) => logger.error('findings API request failed', { error, path: event.rawPath }),
    });
  }
  return api;
}

/** For tests: forget the container's API so the next call reads the environment again. */
export function resetFindingsApi(): void {
  api = undefined;
}

async function findingsApi(event: APIGatewayProxyEventV2, _context: Context) {
  return getApi()(event);
}

export const handler = withHandlerDefaults(findingsApi);
