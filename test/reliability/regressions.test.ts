/**
 * Bugs the fuzz properties found, pinned as plain examples (each fails on the code before its fix).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../src/rules/index.js';
import { buildTriggerTable, routeCloudTrailDetail } from '../../src/shared/cloudtrail-router.js';
import { handleCloudTrailDetail } from '../../src/shared/continuous.js';
import { ACCOUNT, continuousDeps, emptyAccount, putBucketVersioningEvent } from '../helpers/continuous.js';
import { type LocalDynamo, startDynalite } from '../helpers/dynalite.js';

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
    const detail = { ...event.detail, eventSource: 'monitoring.amazonaws.com', eventName: 'DeleteAlarms', requestParameters: { alarmNames: ['ok-alarm', '🪣'.repeat(300)] } };
    const route = routeCloudTrailDetail(detail, buildTriggerTable(RULES));
    expect(route.action).toBe('evaluate');
    if (route.action === 'evaluate') {
      expect(route.targets.find((t) => t.rule.id === 'cloudwatch-alarm-action-configured')?.resourceNames).toEqual(['ok-alarm']);
    }
  });
});
