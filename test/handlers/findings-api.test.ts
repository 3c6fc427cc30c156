import { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handler, resetFindingsApi } from '../../src/handlers/findings-api.js';
import { decodeCursor } from '#shared/store/cursor.js';
import { FindingsStore } from '#shared/store/findings-store.js';
import { apiEvent, seed, syntheticFindings } from '../helpers/api.js';
import { type LocalDynamo, startDynalite } from '../helpers/dynalite.js';
import { lambdaContext } from '../helpers/lambda.js';

const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:CursorSigningSecret-AbCdEf';
const DEPLOYED_SECRET = 'k7Qm2pXz9RtL4vWn8YsB3cHf6JdG1aUe5NoPqRsTuVwXyZ0bCdEfGhIjKlMnOpQr';

let dynamo: LocalDynamo;
let table: string;
const secretsManager = mockClient(SecretsManagerClient);

beforeAll(async () => {
  dynamo = await startDynalite();
  table = await dynamo.createTable();
  await seed(new FindingsStore(dynamo.client, table), syntheticFindings(10));
});
beforeEach(() => {
  secretsManager.reset();
  Object.assign(process.env, {
    FINDINGS_TABLE: table,
    AWS_REGION: 'eu-west-1',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    CORS_ORIGINS: '',
    CURSOR_SECRET_ARN: SECRET_ARN,
  });
  delete process.env.CURSOR_SECRET;
  resetFindingsApi();
});
afterAll(async () => {
  delete process.env.CURSOR_SECRET_ARN;
  await dynamo.stop();
});

async function listPage() {
  const res = await handler(apiEvent('/findings', { limit: '3' }), lambdaContext('findingsApi'));
  return { res, body: JSON.parse(res.body ?? '{}') as { items?: unknown[]; nextCursor?: string; error?: { code: string; message: string } } };
}

describe('findings-api handler', () => {
  it('serves the routes from the environment-configured table', async () => {
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: DEPLOYED_SECRET });
    const { res, body } = await listPage();
    expect(res.statusCode).toBe(200);
    expect(body.items).toHaveLength(3);
  });

  it.each([
    ['a missing requestContext', { rawPath: '/findings' }],
    ['no path at all', {}],
    ['a query string of the wrong type', { ...apiEvent('/findings'), queryStringParameters: { limit: '1e9' } }],
    ['a traversal path', apiEvent('/findings/../../etc/passwd')],
  ])('answers malformed input (%s) without a 500', async (_name, event) => {
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: DEPLOYED_SECRET });
    const res = await handler(event as never, lambdaContext('findingsApi'));
    expect(res.statusCode).toBeGreaterThanOrEqual(200);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.headers?.['x-content-type-options']).toBe('nosniff');
  });
});

describe('the cursor signing key', () => {
  it('is the deployment secret, read once per container', async () => {
    // Prepare
    secretsManager.on(GetSecretValueCommand, { SecretId: SECRET_ARN }).resolves({ SecretString: DEPLOYED_SECRET });
    // Act
    const pages = [await listPage(), await listPage(), await listPage()];
    // Assess
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    const cursor = pages[2]!.body.nextCursor!;
    expect(() => decodeCursor(cursor, DEPLOYED_SECRET)).not.toThrow();
    expect(() => decodeCursor(cursor, `preflight:${table}`)).toThrow(/signature/);
  });

  it('a cursor signed with the guessable old default (preflight:<table>) is refused', async () => {
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: DEPLOYED_SECRET });
    const { body } = await listPage();
    const [payload] = body.nextCursor!.split('.');
    const { createHmac } = await import('node:crypto');
    const forged = `${payload}.${createHmac('sha256', `preflight:${table}`).update(payload!).digest('base64url').slice(0, 32)}`;
    const res = await handler(apiEvent('/findings', { limit: '3', cursor: forged }), lambdaContext('findingsApi'));
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body ?? '')).toMatchObject({ error: { code: 'INVALID_CURSOR', message: 'cursor signature does not match' } });
  });

  it('a failed read answers 500 without details and is tried again by the next request', async () => {
    secretsManager
      .on(GetSecretValueCommand)
      .rejectsOnce(new ResourceNotFoundException({ message: 'Secrets Manager can’t find the specified secret.', $metadata: {} }))
      .resolves({ SecretString: DEPLOYED_SECRET });
    const failed = await listPage();
    expect(failed.res.statusCode).toBe(500);
    expect(failed.body).toEqual({ error: { code: 'INTERNAL', message: 'the request could not be served (ResourceNotFoundException)' } });
    expect(failed.res.headers?.['x-content-type-options']).toBe('nosniff');
    const next = await listPage();
    expect(next.res.statusCode).toBe(200);
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it.each([
    ['an empty secret', { SecretString: '' }],
    ['a short secret', { SecretString: 'short' }],
    ['a binary secret', { SecretBinary: new Uint8Array(64) }],
  ])('%s is refused (500), never used to sign', async (_name, answer) => {
    secretsManager.on(GetSecretValueCommand).resolves(answer);
    const { res, body } = await listPage();
    expect(res.statusCode).toBe(500);
    expect(body.error?.code).toBe('INTERNAL');
  });

  it('without CURSOR_SECRET_ARN or CURSOR_SECRET the API refuses to serve (no guessable default)', async () => {
    delete process.env.CURSOR_SECRET_ARN;
    const { res, body } = await listPage();
    expect(res.statusCode).toBe(500);
    expect(body.error?.message).toMatch(/ConfigError/);
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(0);
  });

  it('CURSOR_SECRET (local runs) signs without Secrets Manager', async () => {
    delete process.env.CURSOR_SECRET_ARN;
    process.env.CURSOR_SECRET = DEPLOYED_SECRET;
    const { res, body } = await listPage();
    expect(res.statusCode).toBe(200);
    expect(() => decodeCursor(body.nextCursor!, DEPLOYED_SECRET)).not.toThrow();
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(0);
    delete process.env.CURSOR_SECRET;
  });
});
