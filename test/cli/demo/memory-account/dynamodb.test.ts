import { describe, expect, it } from 'vitest';
import { applyDynamoDbSample } from '../../../../src/cli/demo/sample/dynamodb.js';
import { dynamodbRules } from '../../../../src/rules/dynamodb/index.js';
import { DynamoDbReader } from '#shared/aws/services/dynamodb/reader.js';
import { ScanSession } from '#shared/aws/scan-session.js';
import { evaluate } from '#shared/engine/engine.js';
import { emptyDynamoDbState, memoryDynamoDbApi, type MemoryDynamoDbState } from '../../../../src/cli/demo/memory-account/dynamodb.js';
import { emptyAccount, memoryApiProvider } from '../../../../src/cli/demo/memory-account/index.js';
import { type MemoryCall, MemoryServiceError } from '../../../../src/cli/demo/memory-account/support.js';

const ACCOUNT = '123456789012';
const direct: MemoryCall = async (_service, _operation, _input, answer) => answer();

function stateWith(names: string[], pitr = false): MemoryDynamoDbState {
  return { ...emptyDynamoDbState(), tables: names.map((name) => ({ name, pitr })) };
}

describe('memory DynamoDB', () => {
  describe('ListTables', () => {
    it('lists names in order, pages by the last name returned, and refuses a Limit AWS would refuse', async () => {
      // Prepare
      const api = memoryDynamoDbApi(stateWith(['orders', 'events-raw', 'sessions']), 'eu-west-1', ACCOUNT, direct);
      // Act
      const first = await api.listTables({ Limit: 2 });
      const second = await api.listTables({ Limit: 2, ExclusiveStartTableName: first.LastEvaluatedTableName });
      // Assess
      expect(first).toEqual({ TableNames: ['events-raw', 'orders'], LastEvaluatedTableName: 'orders' });
      expect(second).toEqual({ TableNames: ['sessions'], LastEvaluatedTableName: undefined });
      await expect(api.listTables({ Limit: 0 })).rejects.toBeInstanceOf(MemoryServiceError);
    });
  });

  describe('DescribeContinuousBackups', () => {
    it('reports PITR as AWS does, by name or ARN, and fails with TableNotFoundException', async () => {
      const state: MemoryDynamoDbState = {
        tables: [{ name: 'sessions', pitr: true, recoveryPeriodInDays: 14, createdAt: '2025-11-03T10:12:00Z' }, { name: 'events-raw' }],
      };
      const api = memoryDynamoDbApi(state, 'eu-west-1', ACCOUNT, direct);

      const on = await api.describeContinuousBackups({ TableName: `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/sessions` });
      const off = await api.describeContinuousBackups({ TableName: 'events-raw' });

      expect(on.ContinuousBackupsDescription?.PointInTimeRecoveryDescription).toMatchObject({
        PointInTimeRecoveryStatus: 'ENABLED',
        RecoveryPeriodInDays: 14,
        EarliestRestorableDateTime: expect.any(Date),
      });
      expect(off.ContinuousBackupsDescription).toEqual({
        ContinuousBackupsStatus: 'ENABLED',
        PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'DISABLED' },
      });
      await expect(api.describeContinuousBackups({ TableName: 'gone' })).rejects.toMatchObject({
        name: 'TableNotFoundException',
        $metadata: { httpStatusCode: 404 },
      });
    });
  });

  describe('through the reader', () => {
    it('reads every page, and turns a missing table into ResourceNotFoundError', async () => {
      const names = Array.from({ length: 230 }, (_, i) => `t${String(i).padStart(3, '0')}`);
      const calls: string[] = [];
      const counting: MemoryCall = async (_service, operation, _input, answer) => {
        calls.push(operation);
        return answer();
      };
      const api = memoryDynamoDbApi(stateWith(names), 'eu-west-1', ACCOUNT, counting);
      const reader = new DynamoDbReader({ api: () => api, session: new ScanSession(), region: 'eu-west-1', accountId: ACCOUNT });

      const listed = await reader.tableNames();

      expect(listed).toEqual(names);
      expect(calls).toEqual(['ListTables', 'ListTables', 'ListTables']);
      await expect(reader.pointInTimeRecovery('gone')).rejects.toMatchObject({ name: 'ResourceNotFoundError', resourceName: 'gone' });
    });
  });

  describe('the demo sample', () => {
    it('shows one table with PITR and one without', async () => {
      const account = emptyAccount(ACCOUNT);
      applyDynamoDbSample(account);

      const { findings, calls } = await evaluate({
        accountId: ACCOUNT,
        regions: ['eu-west-1', 'us-east-1'],
        rules: dynamodbRules.map((r) => r.bind()),
        apis: memoryApiProvider(account),
      });

      expect(findings.map((f) => `${f.ruleId} ${f.region} ${f.resourceName} ${f.status}: ${f.reason}`)).toEqual([
        'dynamodb-pitr-enabled eu-west-1 events-raw FAIL: point-in-time recovery is disabled on table events-raw',
        'dynamodb-pitr-enabled eu-west-1 sessions PASS: point-in-time recovery is enabled on table sessions (35-day recovery period)',
        `dynamodb-pitr-enabled us-east-1 ${ACCOUNT}/us-east-1 NOT_APPLICABLE: no AWS::DynamoDB::Table in us-east-1`,
      ]);
      expect(findings[0]?.resourceId).toBe(`arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/events-raw`);
      expect(calls).toEqual({ 'dynamodb:DescribeContinuousBackups': 2, 'dynamodb:ListTables': 2 });
    });
  });
});
