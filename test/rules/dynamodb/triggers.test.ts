import { readFileSync } from 'node:fs';
import { DescribeContinuousBackupsCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { dynamodbRules } from '../../../src/rules/dynamodb/index.js';
import { dynamodbPitrEnabled } from '../../../src/rules/dynamodb/pitr-enabled.js';
import { buildTriggerTable, cloudTrailEventSchema, routeCloudTrailDetail } from '#shared/engine/cloudtrail-router.js';
import { runRule } from '../../helpers/aws.js';

const dynamodb = mockClient(DynamoDBClient);

function fixture(name: string) {
  const raw: unknown = JSON.parse(readFileSync(new URL(`../../fixtures/cloudtrail/${name}.json`, import.meta.url), 'utf8'));
  return cloudTrailEventSchema.parse(raw);
}

function targetsOf(name: string): Record<string, string[]> {
  const route = routeCloudTrailDetail(fixture(name).detail, buildTriggerTable(dynamodbRules));
  if (route.action !== 'evaluate') throw new Error(`${name} was skipped: ${route.message}`);
  expect(route.region).toBe('eu-west-1');
  return Object.fromEntries(route.targets.map((t) => [t.rule.id, t.resourceNames]));
}

describe('dynamodb triggers', () => {
  beforeEach(() => dynamodb.reset());

  it.each([
    ['dynamodb-CreateTable', 'events-raw'],
    ['dynamodb-UpdateContinuousBackups', 'sessions'],
    ['dynamodb-DeleteTable', 'events-raw'],
    // A restored table starts without PITR: the new table is the one to check.
    ['dynamodb-RestoreTableFromBackup', 'sessions-restored'],
    ['dynamodb-RestoreTableToPointInTime', 'sessions-pitr'],
  ])('%s names table %s', (name, table) => {
    expect(targetsOf(name)).toEqual({ 'dynamodb-pitr-enabled': [table] });
  });

  it('reduces a table ARN in the request to the table name', () => {
    const { detail } = fixture('dynamodb-UpdateContinuousBackups');
    const trigger = dynamodbPitrEnabled.triggers[0];

    const names = trigger?.resourceNames?.({
      ...detail,
      requestParameters: {
        tableName: 'arn:aws:dynamodb:eu-west-1:123456789012:table/sessions',
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: false },
      },
    });

    expect(names).toEqual(['sessions']);
  });

  it('gives an event the same finding id a sweep gives', async () => {
    dynamodb.on(ListTablesCommand).resolves({ TableNames: ['events-raw', 'sessions'] });
    dynamodb.on(DescribeContinuousBackupsCommand).resolves({
      ContinuousBackupsDescription: {
        ContinuousBackupsStatus: 'ENABLED',
        PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'DISABLED' },
      },
    });
    const names = ['dynamodb-CreateTable', 'dynamodb-UpdateContinuousBackups'].flatMap((n) => targetsOf(n)['dynamodb-pitr-enabled'] ?? []);

    const sweep = await runRule(dynamodbPitrEnabled);
    const targeted = await runRule(dynamodbPitrEnabled, { target: { region: 'eu-west-1', resourceNames: names } });

    expect(sweep.findings.map((f) => f.resourceId).sort()).toEqual(targeted.findings.map((f) => f.resourceId).sort());
    expect(targeted.findings.map((f) => f.resourceId).sort()).toEqual([
      'arn:aws:dynamodb:eu-west-1:123456789012:table/events-raw',
      'arn:aws:dynamodb:eu-west-1:123456789012:table/sessions',
    ]);
  });
});
