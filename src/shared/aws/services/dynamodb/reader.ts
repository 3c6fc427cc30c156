import type { DynamoDbApi } from './sdk.js';
import { ServiceReader } from '../../reader-base.js';

export interface PointInTimeRecovery {
  /** `ENABLED` or `DISABLED` (AWS reports nothing for a table never configured: DISABLED). */
  /** ENABLED, DISABLED...; undefined when the answer did not say (continuous backups on, no PITR description). */
  status?: string;
  /** Days PITR can restore back to (1..35); AWS reports it only while PITR is enabled. */
  recoveryPeriodInDays?: number;
  earliestRestorableDateTime?: Date;
}

/** The table name an ARN (`arn:aws:dynamodb:<region>:<account>:table/<name>`) or a name designates. */
export function tableNameOf(nameOrArn: string): string {
  if (!nameOrArn.startsWith('arn:')) return nameOrArn;
  const resource = nameOrArn.split(':').slice(5).join(':');
  return resource.startsWith('table/') ? (resource.slice('table/'.length).split('/')[0] ?? '') : '';
}

// ListTables returns at most 100 names per page.
const PAGE_SIZE = 100;
const TABLE_NOT_FOUND = new Set(['TableNotFoundException', 'ResourceNotFoundException']);

export class DynamoDbReader extends ServiceReader<DynamoDbApi> {
  protected readonly service = 'dynamodb';

  /** Names of every table of the region, all pages. */
  tableNames(): Promise<readonly string[]> {
    return this.listing('tables', 'ListTables', async (api, ExclusiveStartTableName) => {
      const out = await api.listTables({ Limit: PAGE_SIZE, ExclusiveStartTableName });
      return { items: out.TableNames ?? [], next: out.LastEvaluatedTableName };
    });
  }

  /** The table's point-in-time recovery; a table that no longer exists is ResourceNotFoundError. */
  pointInTimeRecovery(table: string): Promise<PointInTimeRecovery> {
    return this.fact(`pitr:${table}`, async () => {
      const out = await this.sendAbout(table, TABLE_NOT_FOUND, 'DescribeContinuousBackups', (api) => api.describeContinuousBackups({ TableName: table }));
      const description = out.ContinuousBackupsDescription;
      const pitr = description?.PointInTimeRecoveryDescription;
      return {
        // Continuous backups DISABLED leave no room for point-in-time recovery, described or not.
        status: pitr?.PointInTimeRecoveryStatus ?? (description?.ContinuousBackupsStatus === 'DISABLED' ? 'DISABLED' : undefined),
        recoveryPeriodInDays: pitr?.RecoveryPeriodInDays,
        earliestRestorableDateTime: pitr?.EarliestRestorableDateTime,
      };
    });
  }
}
