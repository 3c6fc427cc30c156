import { DescribeContinuousBackupsCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { dynamodbPitrEnabled as rule } from '../../../src/rules/dynamodb/pitr-enabled.js';
import { accessDenied, ACCOUNT, awsError, runRule, throttled, verdicts } from '../../helpers/aws.js';

const dynamodb = mockClient(DynamoDBClient);

const EARLIEST = new Date('2026-01-28T12:00:00Z');

function pitrEnabled(days = 35) {
  return {
    ContinuousBackupsDescription: {
      ContinuousBackupsStatus: 'ENABLED' as const,
      PointInTimeRecoveryDescription: {
        PointInTimeRecoveryStatus: 'ENABLED' as const,
        RecoveryPeriodInDays: days,
        EarliestRestorableDateTime: EARLIEST,
        LatestRestorableDateTime: new Date('2026-03-04T11:55:00Z'),
      },
    },
  };
}

const pitrDisabled = {
  ContinuousBackupsDescription: {
    ContinuousBackupsStatus: 'ENABLED' as const,
    PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'DISABLED' as const },
  },
};

const tableArn = (name: string) => `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/${name}`;

describe('dynamodb-pitr-enabled', () => {
  beforeEach(() => dynamodb.reset());

  it('passes a table with point-in-time recovery enabled', async () => {
    // Prepare
    dynamodb.on(ListTablesCommand).resolves({ TableNames: ['sessions'] });
    dynamodb.on(DescribeContinuousBackupsCommand).resolves(pitrEnabled());
    // Act
    const { findings } = await runRule(rule);
    // Assess
    expect(verdicts(findings)).toEqual({
      sessions: 'PASS: point-in-time recovery is enabled on table sessions (35-day recovery period)',
    });
    expect(findings[0]).toMatchObject({
      resourceId: tableArn('sessions'),
      resourceType: 'AWS::DynamoDB::Table',
      region: 'eu-west-1',
      severity: 'MEDIUM',
      evidence: {
        pointInTimeRecoveryStatus: 'ENABLED',
        recoveryPeriodInDays: 35,
        earliestRestorableDateTime: EARLIEST.toISOString(),
        minRecoveryPeriodDays: 1,
      },
    });
  });

  it('fails a table without point-in-time recovery, or one never configured', async () => {
    dynamodb.on(ListTablesCommand).resolves({ TableNames: ['events-raw', 'legacy'] });
    dynamodb.on(DescribeContinuousBackupsCommand, { TableName: 'events-raw' }).resolves(pitrDisabled);
    dynamodb.on(DescribeContinuousBackupsCommand, { TableName: 'legacy' }).resolves({ ContinuousBackupsDescription: { ContinuousBackupsStatus: 'DISABLED' } });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      'events-raw': 'FAIL: point-in-time recovery is disabled on table events-raw',
      legacy: 'FAIL: point-in-time recovery is disabled on table legacy',
    });
  });

  it('is ERROR, never "disabled", when continuous backups are on but the answer leaves point-in-time recovery out', async () => {
    dynamodb.on(ListTablesCommand).resolves({ TableNames: ['orders'] });
    dynamodb.on(DescribeContinuousBackupsCommand).resolves({ ContinuousBackupsDescription: { ContinuousBackupsStatus: 'ENABLED' } });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      orders: 'ERROR: DescribeContinuousBackups did not say whether point-in-time recovery is enabled on table orders (no PointInTimeRecoveryStatus)',
    });
  });

  it('fails a recovery period shorter than the param asks', async () => {
    dynamodb.on(ListTablesCommand).resolves({ TableNames: ['sessions'] });
    dynamodb.on(DescribeContinuousBackupsCommand).resolves(pitrEnabled(7));

    const { findings } = await runRule(rule, { params: { minRecoveryPeriodDays: 14 } });

    expect(verdicts(findings)).toEqual({
      sessions: 'FAIL: point-in-time recovery of table sessions reaches back 7 days, fewer than the required 14',
    });
  });

  it('is ERROR, not PASS, when DescribeContinuousBackups is denied or throttled', async () => {
    dynamodb.on(ListTablesCommand).resolves({ TableNames: ['denied', 'busy', 'fine'] });
    dynamodb.on(DescribeContinuousBackupsCommand, { TableName: 'denied' }).rejects(accessDenied());
    dynamodb.on(DescribeContinuousBackupsCommand, { TableName: 'busy' }).rejects(throttled());
    dynamodb.on(DescribeContinuousBackupsCommand, { TableName: 'fine' }).resolves(pitrEnabled());

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      denied: 'ERROR: AccessDenied: User is not authorized to perform this action',
      busy: 'ERROR: ThrottlingException: Rate exceeded',
      fine: 'PASS: point-in-time recovery is enabled on table fine (35-day recovery period)',
    });
    expect(findings.find((f) => f.resourceName === 'denied')?.evidence).toEqual({ errorCode: 'AccessDenied' });
  });

  it('is one account-level ERROR when the tables cannot be listed', async () => {
    dynamodb.on(ListTablesCommand).rejects(accessDenied());

    const { findings, complete } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      [`${ACCOUNT}/eu-west-1`]: 'ERROR: could not list resources: AccessDenied: User is not authorized to perform this action',
    });
    expect(complete).toEqual([]);
  });

  it('is NOT_APPLICABLE when the region has no table', async () => {
    dynamodb.on(ListTablesCommand).resolves({ TableNames: [] });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ [`${ACCOUNT}/eu-west-1`]: 'NOT_APPLICABLE: no AWS::DynamoDB::Table in eu-west-1' });
    expect(dynamodb).not.toHaveReceivedCommand(DescribeContinuousBackupsCommand);
  });

  it('reads every page of ListTables', async () => {
    dynamodb
      .on(ListTablesCommand)
      .resolvesOnce({ TableNames: ['a', 'b'], LastEvaluatedTableName: 'b' })
      .resolvesOnce({ TableNames: ['c'], LastEvaluatedTableName: 'c' })
      .resolvesOnce({ TableNames: ['d'] });
    dynamodb.on(DescribeContinuousBackupsCommand).resolves(pitrEnabled());

    const { findings } = await runRule(rule);

    expect(findings.map((f) => f.resourceName).sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(dynamodb).toHaveReceivedCommandTimes(ListTablesCommand, 3);
    expect(dynamodb).toHaveReceivedNthCommandWith(ListTablesCommand, 1, { Limit: 100, ExclusiveStartTableName: undefined });
    expect(dynamodb).toHaveReceivedNthCommandWith(ListTablesCommand, 2, { ExclusiveStartTableName: 'b' });
    expect(dynamodb).toHaveReceivedNthCommandWith(ListTablesCommand, 3, { ExclusiveStartTableName: 'c' });
  });

  it('re-evaluates one table named by an event, without listing', async () => {
    dynamodb.on(DescribeContinuousBackupsCommand).resolves(pitrDisabled);

    const { findings } = await runRule(rule, { target: { region: 'eu-west-1', resourceNames: ['sessions'] } });

    expect(verdicts(findings)).toEqual({ sessions: 'FAIL: point-in-time recovery is disabled on table sessions' });
    expect(findings[0]?.resourceId).toBe(tableArn('sessions'));
    expect(dynamodb).not.toHaveReceivedCommand(ListTablesCommand);
  });

  it('closes the finding (RESOLVED) when the named table no longer exists', async () => {
    dynamodb.on(DescribeContinuousBackupsCommand).rejects(awsError('TableNotFoundException', 'Table not found: events-raw'));

    const { findings } = await runRule(rule, { target: { region: 'eu-west-1', resourceNames: ['events-raw'] } });

    expect(verdicts(findings)).toEqual({ 'events-raw': 'RESOLVED: events-raw no longer exists' });
  });

  it('rejects a recovery period outside what AWS allows', () => {
    expect(() => rule.bind({ minRecoveryPeriodDays: 36 })).toThrow(/minRecoveryPeriodDays/);
  });
});
