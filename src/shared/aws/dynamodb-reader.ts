/**
 * Everything Preflight knows about calling DynamoDB (the tables being checked, not Preflight's own
 * findings table): the API surface, its AWS implementation, and the facts reader.
 * Resource names are table names; their ARN is built by resource-ids.ts.
 */
import {
  DescribeContinuousBackupsCommand,
  type DescribeContinuousBackupsInput,
  type DescribeContinuousBackupsOutput,
  type DynamoDBClient,
  ListTablesCommand,
  type ListTablesInput,
  type ListTablesOutput,
} from '@aws-sdk/client-dynamodb';
import { errorCode, ResourceNotFoundError } from '#shared/core/errors.js';
import type { ScanSession } from './scan-session.js';

/** The DynamoDB calls Preflight makes, one method per API operation, for one region's endpoint. */
export interface DynamoDbApi {
  listTables(input: ListTablesInput): Promise<ListTablesOutput>;
  describeContinuousBackups(input: DescribeContinuousBackupsInput): Promise<DescribeContinuousBackupsOutput>;
}

export function awsDynamoDbApi(client: DynamoDBClient): DynamoDbApi {
  return {
    listTables: (input) => client.send(new ListTablesCommand(input)),
    describeContinuousBackups: (input) => client.send(new DescribeContinuousBackupsCommand(input)),
  };
}

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

export class DynamoDbReader {
  constructor(
    private readonly api: (region: string) => DynamoDbApi,
    private readonly session: ScanSession,
    /** The region being scanned. */
    private readonly region: string,
    /** The account the tables belong to. */
    readonly accountId: string,
  ) {}

  /** Names of every table of the region, all pages. */
  tableNames(): Promise<readonly string[]> {
    return this.session.remember(this.key('tables'), async () => {
      const names: string[] = [];
      let start: string | undefined;
      do {
        const page = await this.send('ListTables', (api) => api.listTables({ Limit: PAGE_SIZE, ExclusiveStartTableName: start }));
        names.push(...(page.TableNames ?? []));
        start = page.LastEvaluatedTableName || undefined;
      } while (start);
      return names;
    });
  }

  /** The table's point-in-time recovery; a table that no longer exists is ResourceNotFoundError. */
  pointInTimeRecovery(table: string): Promise<PointInTimeRecovery> {
    return this.session.remember(this.key(`pitr:${table}`), async () => {
      let out: DescribeContinuousBackupsOutput;
      try {
        out = await this.send('DescribeContinuousBackups', (api) => api.describeContinuousBackups({ TableName: table }));
      } catch (error) {
        if (TABLE_NOT_FOUND.has(errorCode(error))) throw new ResourceNotFoundError(table, { cause: error });
        throw error;
      }
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

  private key(fact: string): string {
    return `dynamodb:${this.region}:${fact}`;
  }

  private send<T>(operation: string, call: (api: DynamoDbApi) => Promise<T>): Promise<T> {
    return this.session.call('dynamodb', operation, this.region, () => call(this.api(this.region)));
  }
}
