/**
 * DynamoDB of an in-memory account (the tables being checked): answers the DynamoDbApi from plain
 * data, as DynamoDB would.
 */
import type { DynamoDbApi } from '#shared/aws/services/dynamodb/sdk.js';
import { tableNameOf } from '#shared/aws/services/dynamodb/reader.js';
import { type MemoryCall, MemoryServiceError, notFound } from './support.js';

export interface MemoryDynamoDbTable {
  name: string;
  /** Point-in-time recovery; off by default, as for a table created without it. */
  pitr?: boolean;
  /** PITR recovery period in days (1..35); default 35, as AWS does. */
  recoveryPeriodInDays?: number;
  /** ISO-8601 creation time; default 2026-01-05T09:00:00Z. PITR can restore back to it at most. */
  createdAt?: string;
}

export interface MemoryDynamoDbState {
  tables: MemoryDynamoDbTable[];
}

export function emptyDynamoDbState(): MemoryDynamoDbState {
  return { tables: [] };
}

// ListTables answers at most 100 names per page; Limit must be 1..100.
const MAX_LIMIT = 100;
const DEFAULT_CREATED_AT = '2026-01-05T09:00:00Z';
const DAY_MS = 86_400_000;

export function memoryDynamoDbApi(state: MemoryDynamoDbState, _region: string, _accountId: string, call: MemoryCall): DynamoDbApi {
  return {
    listTables: (input) =>
      call('dynamodb', 'ListTables', input, () => {
        const limit = input.Limit ?? MAX_LIMIT;
        if (limit < 1 || limit > MAX_LIMIT) {
          throw new MemoryServiceError('ValidationException', `Limit must be between 1 and ${MAX_LIMIT}`);
        }
        // DynamoDB lists names in order and pages by the last name returned, not by an opaque token.
        const names = state.tables.map((t) => t.name).sort();
        const start = input.ExclusiveStartTableName;
        const rest = start ? names.filter((n) => n > start) : names;
        const page = rest.slice(0, limit);
        return { TableNames: page, LastEvaluatedTableName: rest.length > limit ? page[page.length - 1] : undefined };
      }),
    describeContinuousBackups: (input) =>
      call('dynamodb', 'DescribeContinuousBackups', input, () => {
        const name = tableNameOf(input.TableName ?? '');
        const table = state.tables.find((t) => t.name === name);
        if (!table) throw notFound('TableNotFoundException', `Table not found: ${name}`);
        if (!table.pitr) {
          return {
            ContinuousBackupsDescription: {
              ContinuousBackupsStatus: 'ENABLED',
              PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'DISABLED' },
            },
          };
        }
        const period = table.recoveryPeriodInDays ?? 35;
        const now = Date.now();
        const created = Date.parse(table.createdAt ?? DEFAULT_CREATED_AT);
        return {
          ContinuousBackupsDescription: {
            ContinuousBackupsStatus: 'ENABLED',
            PointInTimeRecoveryDescription: {
              PointInTimeRecoveryStatus: 'ENABLED',
              RecoveryPeriodInDays: period,
              EarliestRestorableDateTime: new Date(Math.max(created, now - period * DAY_MS)),
              LatestRestorableDateTime: new Date(now - 5 * 60_000),
            },
          },
        };
      }),
  };
}
