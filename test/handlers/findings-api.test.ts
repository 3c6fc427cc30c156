import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler, resetFindingsApi } from '../../src/handlers/findings-api.js';
import { FindingsStore } from '../../src/shared/store/findings-store.js';
import { apiEvent, seed, syntheticFindings } from '../helpers/api.js';
import { type LocalDynamo, startDynalite } from '../helpers/dynalite.js';
import { lambdaContext } from '../helpers/lambda.js';

let dynamo: LocalDynamo;

beforeAll(async () => {
  dynamo = await startDynalite();
  const table = await dynamo.createTable();
  await seed(new FindingsStore(dynamo.client, table), syntheticFindings(10));
  Object.assign(process.env, { FINDINGS_TABLE: table, AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint, CORS_ORIGINS: '' });
  resetFindingsApi();
});
afterAll(async () => {
  await dynamo.stop();
});

describe('findings-api handler', () => {
  it('serves the routes from the environment-configured table', async () => {
    const res = await handler(apiEvent('/findings', { limit: '3' }), lambdaContext('findingsApi'));
    expect(res.statusCode).toBe(200);
    expect((JSON.parse(res.body ?? '{}') as { items: unknown[] }).items).toHaveLength(3);
  });

  it.each([
    ['a missing requestContext', { rawPath: '/findings' }],
    ['no path at all', {}],
    ['a query string of the wrong type', { ...apiEvent('/findings'), queryStringParameters: { limit: '1e9' } }],
    ['a traversal path', apiEvent('/findings/../../etc/passwd')],
  ])('answers malformed input (%s) without a 500', async (_name, event) => {
    const res = await handler(event as never, lambdaContext('findingsApi'));
    expect(res.statusCode).toBeGreaterThanOrEqual(200);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.headers?.['x-content-type-options']).toBe('nosniff');
  });
});
