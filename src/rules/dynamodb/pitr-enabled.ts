import * as z from 'zod';
import { tableNameOf } from '#shared/aws/services/dynamodb/reader.js';
import { cannotTell, type CloudTrailDetail, defineRule, fail, pass, stringAt } from '../define-rule.js';

const params = z
  .object({
    /** Fewest days PITR must reach back (AWS allows 1..35, default 35); 1 accepts any enabled PITR, as DynamoDB.2 does. */
    minRecoveryPeriodDays: z.number().int().min(1).max(35).default(1),
  })
  .strict();

/** The table a call names; DynamoDB accepts a table ARN wherever it takes a name. */
function tableFrom(...paths: string[]): (detail: CloudTrailDetail) => string[] {
  return (detail) => {
    for (const path of paths) {
      const value = stringAt(detail.requestParameters, path);
      const name = value ? tableNameOf(value) : '';
      if (name) return [name];
    }
    return [];
  };
}

export const dynamodbPitrEnabled = defineRule({
  id: 'dynamodb-pitr-enabled',
  title: 'DynamoDB tables can be restored to any point in time',
  description:
    'Every table has point-in-time recovery ENABLED, reaching back at least `minRecoveryPeriodDays` days ' +
    '(RecoveryPeriodInDays; default 1, i.e. any enabled PITR, as Security Hub DynamoDB.2). Tables restored from a ' +
    'backup or a point in time start without PITR, so restores re-trigger the check.',
  absentFields:
    'DescribeContinuousBackups without a PointInTimeRecoveryDescription means DISABLED when ' +
    'ContinuousBackupsStatus is DISABLED, else ERROR naming the field. Without RecoveryPeriodInDays the period ' +
    'is 35 days (AWS left it out before it became configurable).',
  severity: 'MEDIUM',
  resourceType: 'AWS::DynamoDB::Table',
  checklist: { source: '003 Business Continuity › Backup Strategy', item: 'Point-in-time recovery enabled' },
  controls: { securityHub: ['DynamoDB.2'], awsConfig: 'dynamodb-pitr-enabled' },
  iamActions: ['dynamodb:ListTables', 'dynamodb:DescribeContinuousBackups'],
  triggers: [
    {
      eventSource: 'dynamodb.amazonaws.com',
      eventNames: ['CreateTable', 'UpdateContinuousBackups', 'DeleteTable'],
      resourceNames: tableFrom('tableName'),
    },
    {
      eventSource: 'dynamodb.amazonaws.com',
      eventNames: ['RestoreTableFromBackup', 'RestoreTableToPointInTime'],
      resourceNames: tableFrom('targetTableName'),
    },
  ],
  remediation: {
    text: 'Enable point-in-time recovery on the table (optionally with a recovery period of up to 35 days).',
    cli: 'aws dynamodb update-continuous-backups --table-name <table> --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true',
  },
  params,
  resources: ({ dynamodb }) => dynamodb.tableNames(),
  async evaluate({ dynamodb }, table, { params: { minRecoveryPeriodDays } }) {
    const pitr = await dynamodb.pointInTimeRecovery(table);
    const evidence = {
      pointInTimeRecoveryStatus: pitr.status ?? null,
      recoveryPeriodInDays: pitr.recoveryPeriodInDays ?? null,
      earliestRestorableDateTime: pitr.earliestRestorableDateTime?.toISOString() ?? null,
      minRecoveryPeriodDays,
    };
    if (pitr.status === undefined) {
      return cannotTell(
        `DescribeContinuousBackups did not say whether point-in-time recovery is enabled on table ${table} (no PointInTimeRecoveryStatus)`,
        evidence,
      );
    }
    if (pitr.status !== 'ENABLED') {
      return fail(`point-in-time recovery is ${pitr.status.toLowerCase()} on table ${table}`, evidence);
    }
    // AWS omitted the period before it became configurable: it was then always 35 days.
    const period = pitr.recoveryPeriodInDays ?? 35;
    if (period < minRecoveryPeriodDays) {
      return fail(`point-in-time recovery of table ${table} reaches back ${period} days, fewer than the required ${minRecoveryPeriodDays}`, evidence);
    }
    return pass(`point-in-time recovery is enabled on table ${table} (${period}-day recovery period)`, evidence);
  },
});
