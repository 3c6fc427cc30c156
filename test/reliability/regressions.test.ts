/**
 * Bugs the fuzz properties found, pinned as plain examples (each fails on the code before its fix).
 */
import { ConfigServiceClient, PutEvaluationsCommand } from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as configRule } from '../../src/handlers/config-rule.js';
import { RULES } from '../../src/rules/index.js';
import { createFindingsApi, type FindingsApi } from '#shared/api/findings-api.js';
import { SECURITY_HEADERS } from '#shared/api/http.js';
import { buildTriggerTable, routeCloudTrailDetail } from '#shared/engine/cloudtrail-router.js';
import { handleCloudTrailDetail } from '#shared/continuous/orchestration.js';
import { FindingsStore } from '#shared/store/findings-store.js';
import { apiEvent } from '../helpers/api.js';
import { ACCOUNT, continuousDeps, emptyAccount, putBucketVersioningEvent } from '../helpers/continuous.js';
import { type LocalDynamo, startDynalite } from '../helpers/dynalite.js';
import { lambdaContext, useHandlerEnvironment } from '../helpers/lambda.js';

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.stop();
});

describe('CloudTrail events naming a "resource" longer than any AWS name', () => {
  const event = putBucketVersioningEvent('x'.repeat(5_000), 'Suspended', '2026-11-23T10:00:00Z');

  it('are skipped as naming no resource, instead of failing every retry on DynamoDB key limits', async () => {
    expect(routeCloudTrailDetail(event.detail, buildTriggerTable(RULES))).toMatchObject({ action: 'skip', reason: 'no-resource' });
    const deps = await continuousDeps(dynamo, emptyAccount(), ['s3-bucket-versioning-enabled']);
    await expect(handleCloudTrailDetail(deps, event.detail, ACCOUNT)).resolves.toMatchObject({ route: { action: 'skip' } });
  });

  it('keep the names that fit beside the one that does not', () => {
    const detail = {
      ...event.detail,
      eventSource: 'monitoring.amazonaws.com',
      eventName: 'DeleteAlarms',
      requestParameters: { alarmNames: ['ok-alarm', '🪣'.repeat(300)] },
    };
    const route = routeCloudTrailDetail(detail, buildTriggerTable(RULES));
    expect(route.action).toBe('evaluate');
    if (route.action === 'evaluate') {
      expect(route.targets.find((t) => t.rule.id === 'cloudwatch-alarm-action-configured')?.resourceNames).toEqual(['ok-alarm']);
    }
  });
});

describe('findings API edge responses', () => {
  let api: FindingsApi;
  beforeAll(async () => {
    const store = new FindingsStore(dynamo.client, await dynamo.createTable());
    api = createFindingsApi({ store, rules: RULES, cursorSecret: 's', corsOrigins: ['https://console.example.test'] });
  });

  it('a CORS preflight (204) carries the security headers too', async () => {
    const response = await api(apiEvent('/findings', undefined, 'OPTIONS', { origin: 'https://console.example.test' }));
    expect(response.statusCode).toBe(204);
    expect(response.headers).toMatchObject(SECURITY_HEADERS);
    expect(response.headers['access-control-allow-origin']).toBe('https://console.example.test');
  });

  it('a resource id longer than DynamoDB keys allow is a 400, not a 500', async () => {
    const response = await api(apiEvent(`/findings/s3-bucket-versioning-enabled/${'x'.repeat(5_000)}`));
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body ?? '{}')).toEqual({ error: { code: 'BAD_REQUEST', message: 'resourceId is longer than 1024 bytes' } });
  });
});

describe('AWS Config items PutEvaluations would refuse', () => {
  const config = mockClient(ConfigServiceClient);
  afterAll(() => config.restore());

  const invocation = (item: Record<string, unknown>) => ({
    invokingEvent: JSON.stringify({
      messageType: 'ConfigurationItemChangeNotification',
      configurationItem: {
        configurationItemCaptureTime: '2026-11-23T09:00:00.000Z',
        awsRegion: 'eu-west-1',
        resourceType: 'AWS::S3::Bucket',
        resourceId: 'prod-data',
        ...item,
      },
    }),
    resultToken: 'token-123',
  });

  it.each([
    ['an unreadable capture time (OrderingTimestamp)', { configurationItemCaptureTime: 'constructor' }],
    ['a resource type over 256 characters', { resourceType: `AWS::S3::${'x'.repeat(300)}` }],
    ['a resource id over 768 characters', { resourceId: 'x'.repeat(800) }],
  ])('are rejected up front, not thrown at PutEvaluations (Config would retry forever): %s', async (_name, item) => {
    await useHandlerEnvironment(dynamo);
    config.reset();
    config.on(PutEvaluationsCommand).rejects(Object.assign(new Error('invalid'), { name: 'ValidationException' }));
    await expect(configRule(invocation(item), lambdaContext())).resolves.toMatchObject({ status: 'rejected' });
    expect(config.commandCalls(PutEvaluationsCommand)).toHaveLength(0);
  });
});
